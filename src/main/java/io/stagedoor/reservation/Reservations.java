package io.stagedoor.reservation;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.stagedoor.support.Times;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * The holds' history in the database. Every status change is conditional on the status it leaves,
 * so concurrent sweepers, releases and payments never undo one another. Runs inside the caller's
 * transaction when there is one.
 */
@Component
class Reservations {

	private static final String COLUMNS = "id, user_id, concert_id, show_date, seat_no, price, status, created_at, "
			+ "expires_at, payment_id";

	private final DatabaseClient db;

	Reservations(DatabaseClient db) {
		this.db = db;
	}

	Mono<Void> insert(Reservation r) {
		return this.db
			.sql("INSERT INTO reservation (" + COLUMNS + ", updated_at) VALUES "
					+ "(:id, :user, :concert, :date, :seat, :price, :status, :created, :expires, NULL, :created)")
			.bind("id", r.id().toString())
			.bind("user", r.userId().toString())
			.bind("concert", r.concertId())
			.bind("date", r.date())
			.bind("seat", r.seatNo())
			.bind("price", r.price())
			.bind("status", r.status().name())
			.bind("created", Times.utc(r.createdAt()))
			.bind("expires", Times.utc(r.expiresAt()))
			.then();
	}

	Mono<Reservation> find(UUID id) {
		return this.db.sql("SELECT " + COLUMNS + " FROM reservation WHERE id = :id")
			.bind("id", id.toString())
			.map(Reservations::read)
			.first();
	}

	Flux<Reservation> findAll(Collection<UUID> ids) {
		return this.db.sql("SELECT " + COLUMNS + " FROM reservation WHERE id IN (:ids)")
			.bind("ids", ids.stream().map(UUID::toString).toList())
			.map(Reservations::read)
			.all();
	}

	/** The user's confirmed tickets and holds not yet lapsed, newest first. */
	Flux<Reservation> ofUser(UUID userId, Instant now) {
		return this.db
			.sql("SELECT " + COLUMNS + " FROM reservation WHERE user_id = :user AND (status = 'CONFIRMED' "
					+ "OR (status = 'HELD' AND expires_at > :now)) ORDER BY created_at DESC, id")
			.bind("user", userId.toString())
			.bind("now", Times.utc(now))
			.map(Reservations::read)
			.all();
	}

	/** The user's holds in a concert that have not lapsed. */
	Flux<Reservation> liveHolds(long concertId, UUID userId, Instant now) {
		return this.db
			.sql("SELECT " + COLUMNS + " FROM reservation WHERE concert_id = :concert AND user_id = :user "
					+ "AND status = 'HELD' AND expires_at > :now")
			.bind("concert", concertId)
			.bind("user", userId.toString())
			.bind("now", Times.utc(now))
			.map(Reservations::read)
			.all();
	}

	/** Moves a hold out of {@code HELD}; false when it had left that status already. */
	Mono<Boolean> end(UUID id, ReservationStatus to, Instant now) {
		return this.db.sql("UPDATE reservation SET status = :to, updated_at = :now WHERE id = :id AND status = 'HELD'")
			.bind("to", to.name())
			.bind("now", Times.utc(now))
			.bind("id", id.toString())
			.fetch()
			.rowsUpdated()
			.map(rows -> rows == 1);
	}

	/**
	 * Confirms a hold for a payment: only the user's own, still {@code HELD}, and claimed before it
	 * lapsed. False when any of that fails, which must roll the payment back.
	 */
	Mono<Boolean> confirm(UUID id, UUID userId, UUID paymentId, Instant claimedAt, Instant now) {
		return this.db
			.sql("UPDATE reservation SET status = 'CONFIRMED', payment_id = :payment, updated_at = :now "
					+ "WHERE id = :id AND user_id = :user AND status = 'HELD' AND expires_at > :claimed")
			.bind("payment", paymentId.toString())
			.bind("now", Times.utc(now))
			.bind("id", id.toString())
			.bind("user", userId.toString())
			.bind("claimed", Times.utc(claimedAt))
			.fetch()
			.rowsUpdated()
			.map(rows -> rows == 1);
	}

	/** A sold seat; the primary key (concert, date, seat) is the last guard against selling it twice. */
	Mono<Void> sell(Reservation r, UUID paymentId, Instant now) {
		return this.db
			.sql("INSERT INTO sold_seat (concert_id, show_date, seat_no, reservation_id, payment_id, user_id, sold_at) "
					+ "VALUES (:concert, :date, :seat, :reservation, :payment, :user, :now)")
			.bind("concert", r.concertId())
			.bind("date", r.date())
			.bind("seat", r.seatNo())
			.bind("reservation", r.id().toString())
			.bind("payment", paymentId.toString())
			.bind("user", r.userId().toString())
			.bind("now", Times.utc(now))
			.then();
	}

	/**
	 * Marks up to {@code limit} holds that lapsed before {@code lapsedBefore} EXPIRED; answers how many
	 * per concert this call marked (another instance's sweep marks the others: each row counts once).
	 */
	Flux<Map.Entry<Long, Long>> expireLapsed(Instant lapsedBefore, Instant now, int limit) {
		return this.db
			.sql("SELECT id, concert_id FROM reservation WHERE status = 'HELD' AND expires_at < :before "
					+ "ORDER BY expires_at LIMIT " + limit)
			.bind("before", Times.utc(lapsedBefore))
			.map(row -> Map.entry(((Number) row.get("concert_id")).longValue(), row.get("id", String.class)))
			.all()
			.collectMultimap(Map.Entry::getKey, Map.Entry::getValue)
			.flatMapMany(byConcert -> Flux.fromIterable(byConcert.entrySet()))
			.concatMap(concert -> this.db
				.sql("UPDATE reservation SET status = 'EXPIRED', updated_at = :now WHERE status = 'HELD' "
						+ "AND expires_at < :before AND id IN (:ids)")
				.bind("now", Times.utc(now))
				.bind("before", Times.utc(lapsedBefore))
				.bind("ids", concert.getValue())
				.fetch()
				.rowsUpdated()
				.map(n -> Map.entry(concert.getKey(), n)));
	}

	/** Per concert: holds live at {@code now}, seats sold, and seats of dates from {@code today} on. */
	Mono<Map<Long, long[]>> figures(Instant now, LocalDate today) {
		Map<Long, long[]> figures = new ConcurrentHashMap<>();
		return countByConcert("SELECT concert_id, COUNT(*) AS n FROM reservation WHERE status = 'HELD' "
				+ "AND expires_at > :at GROUP BY concert_id", Times.utc(now), figures, 0)
			.then(countByConcert("SELECT concert_id, COUNT(*) AS n FROM sold_seat WHERE show_date >= :at "
					+ "GROUP BY concert_id", today, figures, 1))
			.then(countByConcert("SELECT concert_id, COUNT(*) AS n FROM seat WHERE show_date >= :at "
					+ "GROUP BY concert_id", today, figures, 2))
			.thenReturn(figures);
	}

	private Mono<Void> countByConcert(String sql, Object at, Map<Long, long[]> figures, int slot) {
		return this.db.sql(sql)
			.bind("at", at)
			.map(row -> Map.entry(((Number) row.get("concert_id")).longValue(), ((Number) row.get("n")).longValue()))
			.all()
			.doOnNext(e -> figures.computeIfAbsent(e.getKey(), k -> new long[3])[slot] = e.getValue())
			.then();
	}

	/** The sold seats of a concert, by date, for rebuilding the Redis sold markers. */
	Flux<SoldSeat> soldSeats(long concertId) {
		return this.db.sql("SELECT show_date, seat_no FROM sold_seat WHERE concert_id = :concert")
			.bind("concert", concertId)
			.map(row -> new SoldSeat(row.get("show_date", LocalDate.class), ((Number) row.get("seat_no")).intValue()))
			.all();
	}

	static Reservation read(Readable row) {
		String payment = row.get("payment_id", String.class);
		return new Reservation(UUID.fromString(row.get("id", String.class)),
				UUID.fromString(row.get("user_id", String.class)), ((Number) row.get("concert_id")).longValue(),
				row.get("show_date", LocalDate.class), ((Number) row.get("seat_no")).intValue(),
				((Number) row.get("price")).longValue(), ReservationStatus.valueOf(row.get("status", String.class)),
				Times.instant(row.get("created_at", LocalDateTime.class)),
				Times.instant(row.get("expires_at", LocalDateTime.class)),
				payment == null ? null : UUID.fromString(payment));
	}

	record SoldSeat(LocalDate date, int seatNo) {
	}

}
