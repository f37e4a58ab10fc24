#!/usr/bin/env bash
# ETA truth (issue 7): a simulated sale on one instance (max-active 200, admit-per-tick 50, tick 1 s,
# rate limit off): users arrive in a burst then a trickle, follow the line by SSE or polling, shop
# 5-20 s and leave. Prints the client-side error of the entry ETA (whole sale, per phase, per arrival
# decile, per cohort: the first 5 s and after) and the server's own ETA-truth metrics scraped at the
# end. Own stores by default (database stagedoor_eta, Redis db 9), so it runs beside the other benches.
#   bench/eta-truth.sh [users=3000] [burst-share=0.4] [trickle-seconds=150] [max-active=200] [admit-per-tick=50]
# The open (issue 17): max-active 50, admit-per-tick 50, tick 500 ms, rate limit off; the users arrive
# evenly over the first seconds, all poll every 500 ms until admitted, shop 2-6 s and leave.
#   bench/eta-truth.sh open [users=1000] [arrive-seconds=10]
# The open tells the jar the buyers' expected stay (ETA_EXPECTED_STAY, default 4s: the mean of the
# 2-6 s shopping, what an operator who knows its shop configures; empty = the jar's default), the
# prior of the wait estimate until the line has measured its departures (docs/eta.md).
# Environment: ETA_INSTANCES=2 starts two instances (ports ETA_PORT and ETA_PORT+1; every request goes
# to one of them at random); ETA_WARMUP=300 first plays a sale of 300 users to warm the JVMs, then
# deletes the line's Redis keys; ETA_APP_ARGS adds arguments to the jar; ETA_PORT (18191), BENCH_DB
# (stagedoor_eta), BENCH_REDIS_DB (9) and BENCH_JAR choose the ports, stores and jar.
export BENCH_DB=${BENCH_DB:-stagedoor_eta} BENCH_REDIS_DB=${BENCH_REDIS_DB:-9}
source "$(dirname "$0")/lib.sh"
PORT=${ETA_PORT:-18191}
INSTANCES=${ETA_INSTANCES:-1}
if [ "${1:-}" = open ]; then
	N=${2:-1000}; ARRIVE=${3:-10}
	APP=(--stagedoor.queue.max-active=50 --stagedoor.queue.admit-per-tick=50 --stagedoor.queue.tick=500ms
		--stagedoor.queue.active-max=10m)
	STAY=${ETA_EXPECTED_STAY-4s}
	[ -z "$STAY" ] || APP+=(--stagedoor.queue.expected-stay="$STAY")
	SIM=(--users "$N" --burst-share 1 --burst-seconds "$ARRIVE" --trickle-seconds 0 --sse-share 0 --poll-ms 500
		--shop-min 2 --shop-max 6 --max-seconds 300)
else
	N=${1:-3000}; BURST=${2:-0.4}; TRICKLE=${3:-150}; MAX_ACTIVE=${4:-200}; PER_TICK=${5:-50}
	APP=(--stagedoor.queue.max-active="$MAX_ACTIVE" --stagedoor.queue.admit-per-tick="$PER_TICK"
		--stagedoor.queue.tick=1s --stagedoor.queue.active-max=10m)
	SIM=(--users "$N" --burst-share "$BURST" --burst-seconds "${ETA_BURST_SECONDS:-10}" --trickle-seconds "$TRICKLE"
		--sse-share 0.5 --shop-min 5 --shop-max 20 --max-seconds 330)
fi
# shellcheck disable=SC2206
APP+=(${ETA_APP_ARGS:-})
machine
echo "instances: $INSTANCES; jar arguments: ${APP[*]}"
reset_stores
BASES=""
for k in $(seq 0 $((INSTANCES - 1))); do
	start_app $((PORT + k)) "${APP[@]}"
	BASES="${BASES:+$BASES,}http://127.0.0.1:$((PORT + k))"
done
if [ -n "${ETA_WARMUP:-}" ]; then
	# a JVM that has just started compiles while the open hits it (on a loaded machine its ticks and
	# entries then time out for the first seconds): warm it with a small sale of the same concert,
	# then delete the line's Redis keys, so the measured open starts from nothing the line has seen
	echo "warm-up: a sale of ${ETA_WARMUP} users, then the line's keys deleted"
	timeout 200 node "$BENCH_DIR/eta-truth.mjs" --base "$BASES" --redis "redis://127.0.0.1:6379/$REDIS_DB" \
		"${SIM[@]}" --users "$ETA_WARMUP" --active-max-ms 600000 --out "$OUT/eta-warmup.tsv" >/dev/null
	$REDIS --scan --pattern 'queue:{1}:*' | xargs -r $REDIS DEL >/dev/null
	sleep 2
fi
timeout 400 node "$BENCH_DIR/eta-truth.mjs" --base "$BASES" --redis "redis://127.0.0.1:6379/$REDIS_DB" \
	"${SIM[@]}" --active-max-ms 600000 --out "$OUT/eta-users.tsv"
echo
echo "== the server's ETA-truth metrics at the end (Micrometer's percentiles cover a decaying window of ~2 min)"
for k in $(seq 0 $((INSTANCES - 1))); do
	echo "-- :$((PORT + k))"
	curl -s "http://127.0.0.1:$((PORT + k))/actuator/prometheus" | grep -E '^stagedoor_queue_(eta_error_ratio|eta_estimate_seconds|wait_seconds)[^ ]*\{[^}]*concert="1"' | grep -v '_max{'
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
