#!/usr/bin/env bash
# Scenario 2: token issuance (POST /api/v1/queue/tokens, a new random user each) while concert 1's
# line grows from 0 to 100,000, against GET /bench/noop on the same jar. Three rounds; before each,
# Redis db 2 is flushed so the line starts empty. max-active 1: everyone stays waiting.
#   bench/issue-rate.sh [line=100000] [connections=64] [rounds=3]
source "$(dirname "$0")/lib.sh"
LINE=${1:-100000}; CONN=${2:-64}; ROUNDS=${3:-3}; PORT=18181
machine
reset_stores
start_app $PORT --spring.profiles.active=bench --stagedoor.queue.max-active=1 --stagedoor.queue.admit-per-tick=1 \
	--stagedoor.queue.idle-timeout=1h
cd "$ROOT"
echo "x" > "$OUT/one-token.tsv"
wrk -t1 -c"$CONN" -d5s -s bench/noop.lua "http://127.0.0.1:$PORT" -- "$OUT/one-token.tsv" >/dev/null
wrk -t1 -c"$CONN" -d5s -s bench/issue.lua "http://127.0.0.1:$PORT" -- 20000 >/dev/null
for round in $(seq 1 "$ROUNDS"); do
	$REDIS FLUSHDB >/dev/null
	echo "== round $round: noop (15 s)"
	wrk -t1 -c"$CONN" -d15s --latency -s bench/noop.lua "http://127.0.0.1:$PORT" -- "$OUT/one-token.tsv" \
		| tee "$OUT/issue-noop-$round.txt" | grep -E 'Requests/sec|^ +(50|99)%|Non-2xx'
	echo "== round $round: issue until the line holds $LINE (at most 120 s)"
	wrk -t1 -c"$CONN" -d120s --latency -s bench/issue.lua "http://127.0.0.1:$PORT" -- "$((LINE + 1000))" \
		> "$OUT/issue-$round.txt" &
	WRK=$!
	# the arrival counter, sampled every 100 ms: the issuance rate as the line grows
	: > "$OUT/issue-seq-$round.txt"
	t0=$(date +%s.%N)
	for _ in $(seq 1 1200); do
		seq_now=$($REDIS GET 'queue:{1}:seq'); seq_now=${seq_now:-0}
		echo "$(date +%s.%N) $seq_now" >> "$OUT/issue-seq-$round.txt"
		[ "$seq_now" -ge "$LINE" ] && break
		sleep 0.1
	done
	kill -INT "$WRK" 2>/dev/null || true
	wait "$WRK" || true
	grep -E '^ +(50|99)%|Non-2xx|Socket errors' "$OUT/issue-$round.txt" || true
	awk -v line="$LINE" 'NR == 1 { t0 = $1 } { t[NR] = $1; s[NR] = $2 }
		END {
			n = NR; printf "reached %d entries in %.1f s: %.0f tokens/s overall\n", s[n], t[n] - t0, s[n] / (t[n] - t0)
			for (i = 1; i <= n; i++) { if (!a && s[i] >= 0.1 * line) a = i; if (!b && s[i] >= 0.3 * line) b = i; if (!c && s[i] >= 0.7 * line) c = i; if (!d && s[i] >= 0.9 * line) d = i }
			printf "rate at 10-30%% of the line: %.0f/s, at 70-90%%: %.0f/s\n", (s[b] - s[a]) / (t[b] - t[a]), (s[d] - s[c]) / (t[d] - t[c])
		}' "$OUT/issue-seq-$round.txt"
	echo "line length now: $($REDIS ZCARD 'queue:{1}:waiting') waiting + $($REDIS ZCARD 'queue:{1}:active') active"
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
