#!/usr/bin/env bash
# Scenario 5: the seat race. 1,000 active users (max-active 1100, admitted in one tick), then three
# rounds of 1,000 simultaneous holds of one seat, each followed by 1,000 simultaneous status polls.
#   bench/seat-race.sh [users=1000] [rounds=3]
# APP_ARGS="--spring.r2dbc.pool.max-size=100" adds jar arguments; JFR=1 records and sums up a profile.
source "$(dirname "$0")/lib.sh"
N=${1:-1000}; ROUNDS=${2:-3}; PORT=18181
machine
reset_stores
start_app $PORT --stagedoor.queue.max-active=$((N + 100)) --stagedoor.queue.admit-per-tick=$((N + 100)) ${APP_ARGS:-}
node "$BENCH_DIR/issue-tokens.mjs" "http://127.0.0.1:$PORT" "$N" 64 "$OUT/race-tokens.tsv"
for _ in $(seq 1 50); do
	[ "$($REDIS ZCARD 'queue:{1}:active')" -ge "$N" ] && break
	sleep 0.2
done
echo "active: $($REDIS ZCARD 'queue:{1}:active')"
[ -n "${JFR:-}" ] && jcmd "$APP_PID" JFR.start name=race filename="$OUT/race.jfr" >/dev/null
DB_PID=$(listener_pid 3306); REDIS_PID=$(listener_pid 6379)
cpu_during "$APP_PID" "$DB_PID" "$REDIS_PID" -- timeout 300 node "$BENCH_DIR/seat-race.mjs" "http://127.0.0.1:$PORT" "$OUT/race-tokens.tsv" "$ROUNDS"
if [ -n "${JFR:-}" ]; then
	jcmd "$APP_PID" JFR.stop name=race >/dev/null
	jfr print --stack-depth 64 --events jdk.ExecutionSample "$OUT/race.jfr" > "$OUT/race-samples.txt"
	python3 "$BENCH_DIR/jfr-top.py" "$OUT/race-samples.txt" io.stagedoor.reservation.ReservationController \
		io.stagedoor.concert.ConcertCatalog io.stagedoor.reservation.SeatHolds io.stagedoor.queue.QueueGate \
		io.asyncer io.r2dbc io.lettuce io.jsonwebtoken reactor.netty.http.server | head -14
fi
echo "holds in the database per raced seat (HELD rows; must be 1 each):"
$MYSQL -N $DB -e "SELECT show_date, seat_no, COUNT(*) FROM reservation WHERE seat_no BETWEEN 7 AND $((6 + ROUNDS)) AND show_date = (SELECT MIN(show_date) FROM concert_date) GROUP BY 1, 2"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
