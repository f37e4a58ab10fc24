#!/usr/bin/env bash
# Why is token issuance below the target? CPU of the jar, redis-server and mariadbd during a noop
# run and an issuance run (20 s each, the line growing from empty), then a JFR recording of issuance.
#   bench/profile-issue.sh [connections=64] [seconds=20]
source "$(dirname "$0")/lib.sh"
CONN=${1:-64}; SECS=${2:-20}; PORT=18181
machine
reset_stores
start_app $PORT --spring.profiles.active=bench --stagedoor.queue.max-active=1 --stagedoor.queue.admit-per-tick=1 \
	--stagedoor.queue.idle-timeout=1h
REDIS_PID=$(listener_pid 6379)
DB_PID=$(listener_pid 3306)
cd "$ROOT"
echo "x" > "$OUT/one-token.tsv"
wrk -t1 -c"$CONN" -d5s -s bench/noop.lua "http://127.0.0.1:$PORT" -- "$OUT/one-token.tsv" >/dev/null
wrk -t1 -c"$CONN" -d5s -s bench/issue.lua "http://127.0.0.1:$PORT" -- 1000000 >/dev/null
$REDIS FLUSHDB >/dev/null
echo "== noop"
cpu_during "$APP_PID" "$REDIS_PID" "$DB_PID" -- sh -c "wrk -t1 -c$CONN -d${SECS}s -s bench/noop.lua http://127.0.0.1:$PORT -- $OUT/one-token.tsv | grep Requests/sec"
echo "== issue"
cpu_during "$APP_PID" "$REDIS_PID" "$DB_PID" -- sh -c "wrk -t1 -c$CONN -d${SECS}s -s bench/issue.lua http://127.0.0.1:$PORT -- 1000000 | grep -E 'Requests/sec|Non-2xx'"
echo "== issue under JFR (default settings, ${SECS}s)"
jcmd "$APP_PID" JFR.start name=issue filename="$OUT/issue.jfr" >/dev/null
wrk -t1 -c"$CONN" -d"${SECS}s" -s bench/issue.lua "http://127.0.0.1:$PORT" -- 1000000 | grep Requests/sec
jcmd "$APP_PID" JFR.stop name=issue >/dev/null
jfr print --stack-depth 64 --events jdk.ExecutionSample "$OUT/issue.jfr" > "$OUT/issue-samples.txt"
python3 "$BENCH_DIR/jfr-top.py" "$OUT/issue-samples.txt" io.stagedoor.security.QueueTokens io.jsonwebtoken \
	io.stagedoor.concert.ConcertCatalog io.r2dbc io.asyncer io.lettuce io.stagedoor.support.RandomIds \
	sun.security.provider.DRBG reactor.netty.http.server tools.jackson org.springframework.web.reactive.result.method
echo "monitor waits (jdk.JavaMonitorEnter) by class:"
jfr print --events jdk.JavaMonitorEnter "$OUT/issue.jfr" | grep -E 'monitorClass' | sort | uniq -c | sort -rn | head -5
echo "line length now: $($REDIS ZCARD 'queue:{1}:waiting')"
