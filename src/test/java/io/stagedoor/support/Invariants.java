package io.stagedoor.support;

import java.util.ArrayList;
import java.util.List;

import reactor.core.publisher.Flux;

import io.stagedoor.reservation.TestSeatKeys;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The promises of the service as checks over the stored data, for any test to run after anything
 * it did (and documented as SQL and redis-cli in docs/reliability.md). Each returns the rows that
 * break it; none may.
 */
public final class Invariants {

	/** name of the check, and the SQL whose every row is a violation */
	private static final String[][] SQL = {
			{ "a seat confirmed twice", "SELECT concert_id, show_date, seat_no FROM reservation WHERE status = 'CONFIRMED' "
					+ "GROUP BY concert_id, show_date, seat_no HAVING COUNT(*) > 1" },
			{ "a balance below zero", "SELECT user_id FROM wallet WHERE balance < 0" },
			{ "a balance that is not the sum of its ledger", "SELECT w.user_id FROM wallet w LEFT JOIN (SELECT user_id, "
					+ "SUM(amount) AS total FROM ledger GROUP BY user_id) l ON l.user_id = w.user_id "
					+ "WHERE w.balance <> COALESCE(l.total, 0)" },
			{ "a ledger without a wallet", "SELECT DISTINCT l.user_id FROM ledger l LEFT JOIN wallet w "
					+ "ON w.user_id = l.user_id WHERE w.user_id IS NULL" },
			{ "a payment whose amount is not its seats' prices", "SELECT p.id FROM payment p LEFT JOIN reservation r "
					+ "ON r.payment_id = p.id AND r.status = 'CONFIRMED' GROUP BY p.id, p.amount "
					+ "HAVING COUNT(r.id) = 0 OR SUM(r.price) <> p.amount" },
			{ "a payment without its debit", "SELECT p.id FROM payment p LEFT JOIN ledger l ON l.reference = p.id "
					+ "AND l.kind = 'PAYMENT' AND l.amount = -p.amount WHERE l.id IS NULL" },
			{ "a sold seat without its confirmed hold", "SELECT s.reservation_id FROM sold_seat s LEFT JOIN reservation r "
					+ "ON r.id = s.reservation_id AND r.status = 'CONFIRMED' AND r.payment_id = s.payment_id "
					+ "AND r.user_id = s.user_id WHERE r.id IS NULL" },
			{ "a confirmed hold without its sold seat", "SELECT r.id FROM reservation r LEFT JOIN sold_seat s "
					+ "ON s.reservation_id = r.id WHERE r.status = 'CONFIRMED' AND s.reservation_id IS NULL" } };

	private Invariants() {
	}

	/** Every violation found, as "what: which"; empty when all promises hold. */
	public static List<String> violations(DatabaseClient db, ReactiveStringRedisTemplate redis) {
		List<String> found = new ArrayList<>();
		for (String[] check : SQL) {
			List<String> rows = db.sql(check[1]).map(row -> String.valueOf(row.get(0))).all().collectList().block();
			rows.forEach(row -> found.add(check[0] + ": " + row));
		}
		// a claim or a hold that never expires would keep a seat from everyone for good
		List<String> stuck = Flux.concat(keys(redis, TestSeatKeys.everyClaim()), keys(redis, TestSeatKeys.everyHold()))
			.filterWhen(key -> redis.getExpire(key).map(ttl -> ttl.isNegative() || ttl.isZero()))
			.collectList()
			.block();
		stuck.forEach(key -> found.add("a Redis hold or claim without expiry: " + key));
		return found;
	}

	private static Flux<String> keys(ReactiveStringRedisTemplate redis, String pattern) {
		return redis.scan(ScanOptions.scanOptions().match(pattern).count(1000).build());
	}

}
