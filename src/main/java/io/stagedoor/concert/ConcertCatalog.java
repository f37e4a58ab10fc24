package io.stagedoor.concert;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.stagedoor.queue.ConcertLookup;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/** Concerts, their dates and seat prices, read from the database. */
@Component
public class ConcertCatalog implements ConcertLookup {

	static final int SEATS_PER_DATE = 50;

	private final DatabaseClient db;

	private final VenueProperties venue;

	private final Clock clock;

	private final Mono<List<Long>> ids;

	ConcertCatalog(DatabaseClient db, VenueProperties venue, Clock clock) {
		this.db = db;
		this.venue = venue;
		this.clock = clock;
		// the promotion tick asks every tick: one query a second is plenty to see new concerts
		this.ids = db.sql("SELECT id FROM concert ORDER BY id")
			.map(row -> row.get("id", Long.class))
			.all()
			.collectList()
			.cache(Duration.ofSeconds(1));
	}

	@Override
	public Mono<Boolean> exists(long concertId) {
		return this.db.sql("SELECT 1 FROM concert WHERE id = :id")
			.bind("id", concertId)
			.map(row -> true)
			.first()
			.defaultIfEmpty(false);
	}

	@Override
	public Flux<Long> concertIds() {
		return this.ids.flatMapMany(Flux::fromIterable);
	}

	Flux<Concert> concerts() {
		return this.db.sql("SELECT id, title, venue FROM concert ORDER BY id")
			.map(row -> new Concert(row.get("id", Long.class), row.get("title", String.class),
					row.get("venue", String.class)))
			.all();
	}

	/** Today in the venue's zone. */
	public LocalDate today() {
		return LocalDate.now(this.clock.withZone(this.venue.timeZone()));
	}

	/**
	 * The price of a seat on a date that is still on sale (today or later), or empty when there is
	 * no such concert, date or seat.
	 */
	public Mono<Long> price(long concertId, LocalDate date, int seatNo) {
		if (date.isBefore(today())) {
			return Mono.empty();
		}
		return this.db.sql("SELECT price FROM seat WHERE concert_id = :c AND show_date = :d AND seat_no = :s")
			.bind("c", concertId)
			.bind("d", date)
			.bind("s", seatNo)
			.map(row -> row.get("price", Long.class))
			.first();
	}

	record Concert(long concertId, String title, String venue) {
	}

}
