#!/usr/bin/env bash
# Why is the status poll below the target? The scenario of status-poll.sh once more, with the CPU
# of the jar, redis-server and wrk measured during each run, and a JFR recording of a status run.
#   bench/profile-status.sh [tokens=10000] [connections=64] [seconds=20]
source "$(dirname "$0")/lib.sh"
N=${1:-10000}; CONN=${2:-64}; SECS=${3:-20}; PORT=18181
machine
reset_stores
EXTRA_JAVA_OPTS="-XX:+FlightRecorder" start_app $PORT --spring.profiles.active=bench --stagedoor.queue.max-active=1 \
	--stagedoor.queue.admit-per-tick=1 --stagedoor.queue.idle-timeout=1h
node "$BENCH_DIR/issue-tokens.mjs" "http://127.0.0.1:$PORT" "$N" 64 "$OUT/tokens.tsv"
REDIS_PID=$(listener_pid 6379)
cd "$ROOT"
wrk -t1 -c"$CONN" -d5s -s bench/noop.lua "http://127.0.0.1:$PORT" -- "$OUT/tokens.tsv" >/dev/null
wrk -t1 -c"$CONN" -d5s -s bench/status.lua "http://127.0.0.1:$PORT" -- "$OUT/tokens.tsv" >/dev/null
for path in noop status; do
	$REDIS CONFIG GET save >/dev/null
	echo "== $path"
	cpu_during "$APP_PID" "$REDIS_PID" -- sh -c "wrk -t1 -c$CONN -d${SECS}s --latency -s bench/$path.lua http://127.0.0.1:$PORT -- $OUT/tokens.tsv > $OUT/prof-$path.txt; grep -E 'Requests/sec|^ +(50|99)%' $OUT/prof-$path.txt"
done
echo "== status under JFR (${SECS}s)"
jcmd "$APP_PID" JFR.start name=status settings=profile filename="$OUT/status.jfr" >/dev/null
wrk -t1 -c"$CONN" -d"${SECS}s" -s bench/status.lua "http://127.0.0.1:$PORT" -- "$OUT/tokens.tsv" | grep Requests/sec
jcmd "$APP_PID" JFR.stop name=status >/dev/null
echo "redis commandstats of db 2 scripts (global counters, other users' calls included):"
$REDIS INFO commandstats | grep -E 'cmdstat_(evalsha|eval):'
# top frames of the executing samples, by leaf method and by the frames that matter
jfr print --events jdk.ExecutionSample "$OUT/status.jfr" > "$OUT/status-samples.txt"
echo "execution samples: $(grep -c 'jdk.ExecutionSample' "$OUT/status-samples.txt")"
