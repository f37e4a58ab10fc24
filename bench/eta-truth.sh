#!/usr/bin/env bash
# ETA truth (issue 7): a simulated sale on one instance (max-active 200, admit-per-tick 50, tick 1 s,
# rate limit off): users arrive in a burst then a trickle, follow the line by SSE or polling, shop
# 5-20 s and leave. Prints the client-side error of the entry ETA (whole sale, per phase, per arrival
# decile) and the server's own ETA-truth metrics scraped at the end. Own stores by default
# (database stagedoor_eta, Redis db 9), so it runs beside the other benches.
#   bench/eta-truth.sh [users=3000] [burst-share=0.4] [trickle-seconds=150] [max-active=200] [admit-per-tick=50]
export BENCH_DB=${BENCH_DB:-stagedoor_eta} BENCH_REDIS_DB=${BENCH_REDIS_DB:-9}
source "$(dirname "$0")/lib.sh"
N=${1:-3000}; BURST=${2:-0.4}; TRICKLE=${3:-150}; MAX_ACTIVE=${4:-200}; PER_TICK=${5:-50}
PORT=${ETA_PORT:-18191}
machine
reset_stores
start_app "$PORT" --stagedoor.queue.max-active="$MAX_ACTIVE" --stagedoor.queue.admit-per-tick="$PER_TICK" \
	--stagedoor.queue.tick=1s --stagedoor.queue.active-max=10m
timeout 400 node "$BENCH_DIR/eta-truth.mjs" --base "http://127.0.0.1:$PORT" --redis "redis://127.0.0.1:6379/$REDIS_DB" \
	--users "$N" --burst-share "$BURST" --burst-seconds "${ETA_BURST_SECONDS:-10}" --trickle-seconds "$TRICKLE" --sse-share 0.5 \
	--shop-min 5 --shop-max 20 --active-max-ms 600000 --max-seconds 330 --out "$OUT/eta-users.tsv"
echo
echo "== the server's ETA-truth metrics at the end (Micrometer's percentiles cover a decaying window of ~2 min)"
curl -s "http://127.0.0.1:$PORT/actuator/prometheus" | grep -E '^stagedoor_queue_(eta_error_ratio|eta_estimate_seconds|wait_seconds)[^ ]*\{[^}]*concert="1"' | grep -v '_max{'
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
