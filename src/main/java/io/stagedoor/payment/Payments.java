package io.stagedoor.payment;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.stagedoor.queue.SpentTokens;
import io.stagedoor.support.Times;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Payments in the database (the seats they sold are reservation's: {@code Checkout.sell}); also the
 * queue's durable proof that a token was spent.
 */
@Component
class Payments implements SpentTokens {

	private final DatabaseClient db;

	Payments(DatabaseClient db) {
		this.db = db;
	}

	/** The payment row; its unique token id makes a token pay once, whatever Redis says. */
	Mono<Void> insert(Payment p) {
		return this.db
			.sql("INSERT INTO payment (id, user_id, concert_id, amount, status, token_id, paid_at, settled) "
					+ "VALUES (:id, :user, :concert, :amount, :status, :token, :paid, FALSE)")
			.bind("id", p.id().toString())
			.bind("user", p.userId().toString())
			.bind("concert", p.concertId())
			.bind("amount", p.amount())
			.bind("status", p.status())
			.bind("token", p.tokenId())
			.bind("paid", Times.utc(p.paidAt()))
			.then();
	}

	/** A token id in a committed payment row: spent, whatever Redis says (or forgot). */
	@Override
	public Mono<Boolean> spent(String tokenId) {
		return this.db.sql("SELECT 1 FROM payment WHERE token_id = :token")
			.bind("token", tokenId)
			.map(row -> Boolean.TRUE)
			.first()
			.defaultIfEmpty(Boolean.FALSE);
	}

	Mono<Payment> find(UUID id) {
		return this.db
			.sql("SELECT p.id, p.user_id, p.concert_id, p.amount, p.status, p.token_id, p.paid_at, r.id AS reservation_id "
					+ "FROM payment p LEFT JOIN reservation r ON r.payment_id = p.id WHERE p.id = :id ORDER BY r.id")
			.bind("id", id.toString())
			.map(row -> new Payment(UUID.fromString(row.get("id", String.class)),
					UUID.fromString(row.get("user_id", String.class)), ((Number) row.get("concert_id")).longValue(),
					((Number) row.get("amount")).longValue(), row.get("status", String.class),
					row.get("token_id", String.class), Times.instant(row.get("paid_at", LocalDateTime.class)),
					List.of(UUID.fromString(row.get("reservation_id", String.class)))))
			.all()
			.reduce((a, b) -> new Payment(a.id(), a.userId(), a.concertId(), a.amount(), a.status(), a.tokenId(),
					a.paidAt(), concat(a.reservationIds(), b.reservationIds())));
	}

	/** Payments whose Redis side may not have been brought in line (a crash between the two). */
	Flux<Payment> unsettled(Instant paidBefore, int limit) {
		return this.db
			.sql("SELECT id FROM payment WHERE settled = FALSE AND paid_at < :before ORDER BY paid_at LIMIT " + limit)
			.bind("before", Times.utc(paidBefore))
			.map(row -> UUID.fromString(row.get("id", String.class)))
			.all()
			.concatMap(this::find);
	}

	Mono<Void> markSettled(UUID id) {
		return this.db.sql("UPDATE payment SET settled = TRUE WHERE id = :id").bind("id", id.toString()).then();
	}

	private static List<UUID> concat(List<UUID> a, List<UUID> b) {
		List<UUID> all = new java.util.ArrayList<>(a);
		all.addAll(b);
		return all;
	}

}
