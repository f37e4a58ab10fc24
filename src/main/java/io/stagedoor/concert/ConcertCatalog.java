package io.stagedoor.concert;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.r2dbc.spi.Readable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stagedoor.queue.ConcertLookup;
import io.stagedoor.support.Times;

import org.springframework.modulith.NamedInterface;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Concerts, their dates and seat prices, read from the database. */
@NamedInterface("catalog")
@Component
public class ConcertCatalog implements ConcertLookup {

	private static final Logger log = LoggerFactory.getLogger(ConcertCatalog.class);

	static final int SEATS_PER_DATE = 50;

	private static final String SALES = "SELECT id, title, sale_opens_at FROM concert";

	private final DatabaseClient db;

	private final VenueProperties venue;

	private final Clock clock;

	private final AtomicReference<Map<Long, Sale>> sales = new AtomicReference<>();

	private final Mono<Map<Long, Sale>> load;

	private final Map<DateKey, Mono<Map<Integer, Long>>> prices = new ConcurrentHashMap<>();

	ConcertCatalog(DatabaseClient db, VenueProperties venue, Clock clock) {
		this.db = db;
		this.venue = venue;
		this.clock = clock;
		this.load = db.sql(SALES + " ORDER BY id")
			.map(ConcertCatalog::toSale)
			.all()
			.collectMap(Sale::concertId, sale -> sale, LinkedHashMap::new)
			.doOnNext(this.sales::set);
	}

	/**
	 * From the concerts read once a second in the background, not a query per call: issuance asks this for
	 * every token (the benchmark found that query to be half of issuance's cost). Only an id not
	 * among them (a concert added a moment ago, or none) is looked up.
	 */
	@Override
	public Mono<Boolean> exists(long concertId) {
		return sale(concertId).hasElement();
	}

	/**
	 * Re-reads the concerts every second, in the background: callers always get the last map at
	 * once and never wait on this query. (A shared cache that expired made every caller wait on its
	 * reload, so one slow query, behind a busy connection pool, failed thousands of issuances.)
	 */
	@Scheduled(fixedDelayString = "1s", initialDelayString = "0s")
	Mono<Void> refresh() {
		return this.load.then().onErrorResume(ex -> {
			log.debug("Concerts not re-read this time, the last ones stay: {}", ex.toString());
			return Mono.empty();
		});
	}

	/** The concerts as last read, or read now if they never were (the first calls after start-up). */
	private Mono<Map<Long, Sale>> sales() {
		Map<Long, Sale> known = this.sales.get();
		return (known != null) ? Mono.just(known) : this.load;
	}

	@Override
	public Mono<Sale> sale(long concertId) {
		return sales().flatMap(sales -> {
			Sale known = sales.get(concertId);
			return (known != null) ? Mono.just(known)
					: this.db.sql(SALES + " WHERE id = :id").bind("id", concertId).map(ConcertCatalog::toSale).first();
		});
	}

	@Override
	public Flux<Long> concertIds() {
		return sales().flatMapMany(sales -> Flux.fromIterable(sales.keySet()));
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

	/** How many seats a date has, from the same kept read as the prices; 0 for no such date. */
	Mono<Integer> seatCount(long concertId, LocalDate date) {
		return this.prices.computeIfAbsent(new DateKey(concertId, date), this::loadPrices).map(Map::size).defaultIfEmpty(0);
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
