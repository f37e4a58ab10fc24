package io.stagedoor.concert;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.r2dbc.spi.Readable;

import io.stagedoor.queue.ConcertLookup;
import io.stagedoor.support.Times;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/** Concerts, their dates and seat prices, read from the database. */
@Component
public class ConcertCatalog implements ConcertLookup {

	static final int SEATS_PER_DATE = 50;

	private static final String SALES = "SELECT id, title, sale_opens_at FROM concert";

	private final DatabaseClient db;

	private final VenueProperties venue;

	private final Clock clock;

	private final Mono<Map<Long, Sale>> sales;

	private final Map<DateKey, Mono<Map<Integer, Long>>> prices = new ConcurrentHashMap<>();

	ConcertCatalog(DatabaseClient db, VenueProperties venue, Clock clock) {
		this.db = db;
		this.venue = venue;
		this.clock = clock;
		// the promotion tick asks every tick: one query a second is plenty to see new concerts
		this.sales = db.sql(SALES + " ORDER BY id")
			.map(ConcertCatalog::toSale)
			.all()
			.collectMap(Sale::concertId, sale -> sale, LinkedHashMap::new)
			.cache(Duration.ofSeconds(1));
	}

	/**
	 * From the concert ids read at most once a second, not a query per call: issuance asks this for
	 * every token (the benchmark found that query to be half of issuance's cost). Only an id not
	 * among them (a concert added a moment ago, or none) is looked up.
	 */
	@Override
	public Mono<Boolean> exists(long concertId) {
		return sale(concertId).hasElement();
	}

	@Override
	public Mono<Sale> sale(long concertId) {
		return this.sales.flatMap(sales -> {
			Sale known = sales.get(concertId);
			return (known != null) ? Mono.just(known)
					: this.db.sql(SALES + " WHERE id = :id").bind("id", concertId).map(ConcertCatalog::toSale).first();
		});
	}

	@Override
	public Flux<Long> concertIds() {
		return this.sales.flatMapMany(sales -> Flux.fromIterable(sales.keySet()));
	}

	private static Sale toSale(Readable row) {
		LocalDateTime opens = row.get("sale_opens_at", LocalDateTime.class);
		return new Sale(row.get("id", Long.class), row.get("title", String.class),
				(opens == null) ? null : Times.instant(opens));
	}

	Flux<Concert> concerts() {
		return this.db.sql("SELECT id, title, venue, sale_opens_at FROM concert ORDER BY id").map(row -> {
			LocalDateTime opens = row.get("sale_opens_at", LocalDateTime.class);
			return new Concert(row.get("id", Long.class), row.get("title", String.class), row.get("venue", String.class),
					(opens == null) ? null : Times.instant(opens));
		}).all();
	}

	/** Today in the venue's zone. */
	public LocalDate today() {
		return LocalDate.now(this.clock.withZone(this.venue.timeZone()));
	}

	/**
	 * The price of a seat on a date that is still on sale (today or later), or empty when there is
	 * no such concert, date or seat. Prices never change once a date is on sale, so each date's are
	 * read once and kept (a hold then costs no database read before the Redis race).
	 */
	public Mono<Long> price(long concertId, LocalDate date, int seatNo) {
		if (date.isBefore(today())) {
			return Mono.empty();
		}
		return this.prices.computeIfAbsent(new DateKey(concertId, date), this::loadPrices)
			.mapNotNull(prices -> prices.get(seatNo));
	}

	// one read shared by every caller and kept; an empty date or a failed read is asked again
	private Mono<Map<Integer, Long>> loadPrices(DateKey key) {
		return this.db.sql("SELECT seat_no, price FROM seat WHERE concert_id = :c AND show_date = :d")
			.bind("c", key.concertId())
			.bind("d", key.date())
			.map(row -> Map.entry(((Number) row.get("seat_no")).intValue(), ((Number) row.get("price")).longValue()))
			.all()
			.collectMap(Map.Entry::getKey, Map.Entry::getValue)
			.doOnNext(prices -> {
				if (prices.isEmpty()) {
					this.prices.remove(key);
				}
			})
			.doOnError(ex -> this.prices.remove(key))
			.cache();
	}

	private record DateKey(long concertId, LocalDate date) {
	}

	/** @param saleOpensAt when the line opens (an addition to the contract), omitted when open from the start */
	record Concert(long concertId, String title, String venue,
			@JsonInclude(JsonInclude.Include.NON_NULL) Instant saleOpensAt) {
	}

}
