#!/usr/bin/env bash
# Scenario 3: promotion tick cost at line lengths 10^3..10^6 (no app needed; Redis db 2 only).
#   bench/promote-tick.sh [calls=100] [rounds=3]
source "$(dirname "$0")/lib.sh"
CALLS=${1:-100}; ROUNDS=${2:-3}
machine
echo "redis: $(redis-server --version | cut -d' ' -f3)"
for round in $(seq 1 "$ROUNDS"); do
	echo "== round $round"
	timeout 600 node "$BENCH_DIR/promote-tick.mjs" "$CALLS"
done
