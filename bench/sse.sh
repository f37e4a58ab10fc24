#!/usr/bin/env bash
# Scenario 4: up to 10,000 open event streams of waiting users on one instance: heap, threads and
# CPU of the jar while they sit idle (the line does not move: max-active 1, idle-timeout 1h).
#   bench/sse.sh [streams=10000] [idle-seconds=30]
source "$(dirname "$0")/lib.sh"
N=${1:-10000}; IDLE=${2:-30}; PORT=18181
machine
echo "ulimit -n: $(ulimit -n)"
reset_stores
start_app $PORT --stagedoor.queue.max-active=1 --stagedoor.queue.admit-per-tick=1 --stagedoor.queue.idle-timeout=1h
node "$BENCH_DIR/issue-tokens.mjs" "http://127.0.0.1:$PORT" "$N" 64 "$OUT/sse-tokens.tsv"
heap() { jcmd "$APP_PID" GC.heap_info | grep -E 'garbage-first heap' | sed 's/^ *//'; }
echo "before the streams: $(heap); threads $(awk '/^Threads/{print $2}' /proc/$APP_PID/status)"
node "$BENCH_DIR/sse-streams.mjs" "http://127.0.0.1:$PORT" "$OUT/sse-tokens.tsv" $((IDLE + 40)) > "$OUT/sse-client.txt" 2>&1 &
CLIENT=$!
PIDS+=("$CLIENT")
for _ in $(seq 1 600); do grep -q 'ALL OPEN' "$OUT/sse-client.txt" && break; sleep 0.5; done
cat "$OUT/sse-client.txt"
sleep 5
echo "streams followed (metric): $(curl -s "http://127.0.0.1:$PORT/actuator/prometheus" | grep '^stagedoor_queue_streams')"
echo "established sockets of the jar: $(ss -tnH state established "sport = :$PORT" | wc -l)"
echo "== idle with the streams open, ${IDLE}s"
cpu_during "$APP_PID" -- sleep "$IDLE"
echo "heap used with the streams open: $(heap)"
jcmd "$APP_PID" GC.run >/dev/null
echo "heap used after a full GC: $(heap)"
echo "threads: $(awk '/^Threads/{print $2}' /proc/$APP_PID/status); RSS: $(awk '/^VmRSS/{print $2, $3}' /proc/$APP_PID/status)"
wait "$CLIENT" || true
tail -1 "$OUT/sse-client.txt"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
