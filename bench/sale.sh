#!/usr/bin/env bash
# Scenarios 6 (one instance) and 7 (two instances on :18181 and :18182, one Redis, one MariaDB):
# a ticket open of the demo concert (3 dates x 50 seats) to sell-out, then the database checks.
#   bench/sale.sh [users=20000] [instances=1] [arrive-seconds=20] [max-active=500]
source "$(dirname "$0")/lib.sh"
N=${1:-20000}; INSTANCES=${2:-1}; ARRIVE=${3:-20}; MAX_ACTIVE=${4:-500}
machine
reset_stores
ARGS=(--stagedoor.queue.max-active="$MAX_ACTIVE" --stagedoor.queue.active-max=30m)
BASES=""
for k in $(seq 1 "$INSTANCES"); do
	port=$((18180 + k))
	start_app "$port" "${ARGS[@]}"
	BASES="${BASES:+$BASES,}http://127.0.0.1:$port"
done
timeout 400 node "$BENCH_DIR/sale.mjs" --bases "$BASES" --users "$N" --arrive "$ARRIVE" --max-active "$MAX_ACTIVE" \
	--active-max-ms 1800000 --max-seconds 240
echo "== database checks"
echo "seats sold twice (must be empty):"
$MYSQL $DB -e "SELECT concert_id, show_date, seat_no, COUNT(*) FROM sold_seat GROUP BY 1,2,3 HAVING COUNT(*)>1"
echo "wallets whose balance differs from their ledger sum (must be empty):"
$MYSQL $DB -e "SELECT w.user_id FROM wallet w JOIN (SELECT user_id, SUM(amount) s FROM ledger GROUP BY user_id) l USING (user_id) WHERE w.balance <> l.s"
$MYSQL -N $DB -e "SELECT CONCAT('sold seats: ', COUNT(*)) FROM sold_seat; SELECT CONCAT('completed payments: ', COUNT(*)) FROM payment; SELECT CONCAT('negative balances: ', COUNT(*)) FROM wallet WHERE balance < 0"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
