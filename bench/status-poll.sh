#!/usr/bin/env bash
# Scenario 1: GET /api/v1/queue/status with 10,000 waiting tokens vs GET /bench/noop (the ceiling),
# side by side on one jar. max-active 1 keeps the line waiting; idle-timeout 1h keeps it alive.
#   bench/status-poll.sh [tokens=10000] [connections=64] [seconds=20] [threads=1]
source "$(dirname "$0")/lib.sh"
N=${1:-10000}; CONN=${2:-64}; SECS=${3:-20}; THREADS=${4:-1}; PORT=18181
machine
reset_stores
start_app $PORT --spring.profiles.active=bench --stagedoor.queue.max-active=1 --stagedoor.queue.admit-per-tick=1 \
	--stagedoor.queue.idle-timeout=1h
node "$BENCH_DIR/issue-tokens.mjs" "http://127.0.0.1:$PORT" "$N" 64 "$OUT/tokens.tsv"
echo "waiting: $($REDIS ZCARD 'queue:{1}:waiting'), active: $($REDIS ZCARD 'queue:{1}:active')"
cd "$ROOT"
# warm-up of both paths (JIT), then the measured runs, noop first, status second, noop again
wrk -t"$THREADS" -c"$CONN" -d5s -s bench/noop.lua "http://127.0.0.1:$PORT" -- "$OUT/tokens.tsv" >/dev/null
wrk -t"$THREADS" -c"$CONN" -d5s -s bench/status.lua "http://127.0.0.1:$PORT" -- "$OUT/tokens.tsv" >/dev/null
for round in 1 2 3; do
	echo "== round $round: noop"
	wrk -t"$THREADS" -c"$CONN" -d"${SECS}s" --latency -s bench/noop.lua "http://127.0.0.1:$PORT" -- "$OUT/tokens.tsv" | tee "$OUT/noop-$round.txt"
	echo "== round $round: status"
	wrk -t"$THREADS" -c"$CONN" -d"${SECS}s" --latency -s bench/status.lua "http://127.0.0.1:$PORT" -- "$OUT/tokens.tsv" | tee "$OUT/status-$round.txt"
done
echo "waiting after: $($REDIS ZCARD 'queue:{1}:waiting') (must still be $((N - 1)) or so)"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
