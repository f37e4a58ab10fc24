#!/usr/bin/env bash
# Redis CPU per call, from INFO commandstats (usec of evalsha) around one phase at a time: token
# issuance (enter, queue-enter.lua) and status polls (batched queue-status.lua). Run it with nothing
# else on the Redis at 127.0.0.1:6379 (it resets that server's command statistics). The demo
# concerts' promotion ticks (about 2 a second) run throughout and are counted in: they are named.
#   bench/redis-cost.sh [tokens=10000] [connections=64] [seconds=10]
source "$(dirname "$0")/lib.sh"
N=${1:-10000}; CONN=${2:-64}; SECS=${3:-10}; PORT=18181
machine
reset_stores
start_app $PORT --spring.profiles.active=bench --stagedoor.queue.max-active=1 --stagedoor.queue.admit-per-tick=1 \
	--stagedoor.queue.idle-timeout=1h
evalsha() { redis-cli -h 127.0.0.1 -p 6379 INFO commandstats | tr -d '\r' | awk -F'[=,]' '/^cmdstat_evalsha:/{print $2, $4}'; }
redis-cli -h 127.0.0.1 -p 6379 CONFIG RESETSTAT >/dev/null
node "$BENCH_DIR/issue-tokens.mjs" "http://127.0.0.1:$PORT" "$N" 64 "$OUT/tokens.tsv" >/dev/null
read -r calls usec <<<"$(evalsha)"
echo "enter: $N tokens, $calls evalsha calls, $usec us of Redis CPU: $(awk -v u="$usec" -v n="$N" 'BEGIN{printf "%.1f", u/n}') us per enter"
cd "$ROOT"
wrk -t1 -c"$CONN" -d5s -s bench/status.lua "http://127.0.0.1:$PORT" -- "$OUT/tokens.tsv" >/dev/null
redis-cli -h 127.0.0.1 -p 6379 CONFIG RESETSTAT >/dev/null
polls=$(wrk -t1 -c"$CONN" -d"${SECS}s" -s bench/status.lua "http://127.0.0.1:$PORT" -- "$OUT/tokens.tsv" | awk '/requests in/{print $1}')
read -r calls usec <<<"$(evalsha)"
echo "poll: $polls polls answered, $calls evalsha calls ($(awk -v p="$polls" -v c="$calls" 'BEGIN{printf "%.1f", p/c}') polls a call), $usec us: $(awk -v u="$usec" -v n="$polls" 'BEGIN{printf "%.1f", u/n}') us per poll"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
