package io.stagedoor.wallet;

import java.time.Instant;
import java.util.UUID;

import reactor.core.publisher.Mono;

import io.stagedoor.support.Times;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Balances and their ledger. Every change is one conditional statement plus its ledger row, to be
 * run inside the caller's transaction, so a balance always equals the sum of its ledger and never
 * goes below zero.
 */
@Component
public class Wallets {

	private final DatabaseClient db;

	Wallets(DatabaseClient db) {
		this.db = db;
	}

	Mono<Long> balance(UUID userId) {
		return this.db.sql("SELECT balance FROM wallet WHERE user_id = :user")
			.bind("user", userId.toString())
			.map(row -> ((Number) row.get("balance")).longValue())
			.first()
			.defaultIfEmpty(0L);
	}

	/** Credits a charge; the new balance. */
	Mono<Long> credit(UUID userId, long amount, String reference, Instant now) {
		return this.db
			.sql("INSERT INTO wallet (user_id, balance, updated_at) VALUES (:user, :amount, :now) "
					+ "ON DUPLICATE KEY UPDATE balance = balance + VALUES(balance), updated_at = VALUES(updated_at)")
			.bind("user", userId.toString())
			.bind("amount", amount)
			.bind("now", Times.utc(now))
			.then()
			.then(balanceForUpdate(userId))
			.flatMap(after -> ledger(userId, amount, "CHARGE", reference, after, now).thenReturn(after));
	}

	/**
	 * Debits a payment when the balance covers it: {@code UPDATE … WHERE balance >= amount}, zero rows
	 * meaning it does not. The new balance, or empty when it does not cover the amount.
	 */
	public Mono<Long> debit(UUID userId, long amount, String reference, Instant now) {
		return this.db
			.sql("UPDATE wallet SET balance = balance - :amount, updated_at = :now "
					+ "WHERE user_id = :user AND balance >= :amount")
			.bind("amount", amount)
			.bind("now", Times.utc(now))
			.bind("user", userId.toString())
			.fetch()
			.rowsUpdated()
			.filter(rows -> rows == 1)
			.flatMap(rows -> balanceForUpdate(userId))
			.flatMap(after -> ledger(userId, -amount, "PAYMENT", reference, after, now).thenReturn(after));
	}

	private Mono<Long> balanceForUpdate(UUID userId) {
		return this.db.sql("SELECT balance FROM wallet WHERE user_id = :user FOR UPDATE")
			.bind("user", userId.toString())
			.map(row -> ((Number) row.get("balance")).longValue())
			.first();
	}

	private Mono<Void> ledger(UUID userId, long amount, String kind, String reference, long after, Instant now) {
		return this.db
			.sql("INSERT INTO ledger (user_id, amount, kind, reference, balance_after, created_at) "
					+ "VALUES (:user, :amount, :kind, :reference, :after, :now)")
			.bind("user", userId.toString())
			.bind("amount", amount)
			.bind("kind", kind)
			.bind("reference", reference)
			.bind("after", after)
			.bind("now", Times.utc(now))
			.then();
	}

}
