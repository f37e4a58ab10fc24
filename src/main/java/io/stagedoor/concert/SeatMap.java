package io.stagedoor.concert;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.stagedoor.web.RejectedException;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * A date's seats as a buyer sees them: sold seats from the database (the truth of what is sold)
 * merged with the holds in Redis, in one read of each.
 */
@Component
class SeatMap {

	private final DatabaseClient db;

	private final SeatHoldView holds;

	private final ConcertCatalog catalog;

	SeatMap(DatabaseClient db, SeatHoldView holds, ConcertCatalog catalog) {
		this.db = db;
		this.holds = holds;
		this.catalog = catalog;
	}

	/**
	 * The dates from today on that still have a seat to hold, ascending: one database read for the
	 * dates and their sold seats, the seat counts from the kept prices, the holds from Redis.
	 */
	Flux<DateAvailability> dates(long concertId) {
		return this.db
			.sql("SELECT d.show_date, ss.seat_no FROM concert_date d LEFT JOIN sold_seat ss "
					+ "ON ss.concert_id = d.concert_id AND ss.show_date = d.show_date "
					+ "WHERE d.concert_id = :c AND d.show_date >= :today ORDER BY d.show_date")
			.bind("c", concertId)
			.bind("today", this.catalog.today())
			.map(row -> {
				Number seat = (Number) row.get("seat_no");
				return Map.entry(row.get("show_date", LocalDate.class), (seat == null) ? 0 : seat.intValue());
			})
			.all()
			.collectMultimap(Map.Entry::getKey, Map.Entry::getValue, TreeMap::new)
			.flatMapMany(sold -> Flux.fromIterable(sold.entrySet()))
			.concatMap(date -> available(concertId, date.getKey(), date.getValue()))
			.filter(date -> date.availableSeats() > 0);
	}

	private Mono<DateAvailability> available(long concertId, LocalDate date, Collection<Integer> soldSeats) {
		return Mono.zip(this.catalog.seatCount(concertId, date), this.holds.heldSeats(concertId, date))
			.map(both -> {
				Set<Integer> taken = new HashSet<>(both.getT2());
				soldSeats.stream().filter(seat -> seat > 0).forEach(taken::add);
				return new DateAvailability(date, Math.max(0, both.getT1() - taken.size()));
			});
	}

	/** All seats of a date in order, or 404 when the concert has no such date on sale. */
	Flux<Seat> seats(long concertId, LocalDate date) {
		if (date.isBefore(this.catalog.today())) {
			return Flux.error(RejectedException.notFound("no date " + date + " on sale for concert " + concertId));
		}
		Mono<List<SeatRow>> rows = this.db
			.sql("SELECT s.seat_no, s.price, CASE WHEN ss.seat_no IS NULL THEN 0 ELSE 1 END AS sold FROM seat s "
					+ "LEFT JOIN sold_seat ss ON ss.concert_id = s.concert_id AND ss.show_date = s.show_date "
					+ "AND ss.seat_no = s.seat_no WHERE s.concert_id = :c AND s.show_date = :d ORDER BY s.seat_no")
			.bind("c", concertId)
			.bind("d", date)
			.map(row -> new SeatRow(((Number) row.get("seat_no")).intValue(), ((Number) row.get("price")).longValue(),
					((Number) row.get("sold")).intValue() == 1))
			.all()
			.collectList();
		return Mono.zip(rows, this.holds.heldSeats(concertId, date))
			.flatMapMany(both -> merge(both.getT1(), both.getT2()))
			.switchIfEmpty(Flux.error(RejectedException.notFound("no date " + date + " on sale for concert " + concertId)));
	}

	private static Flux<Seat> merge(List<SeatRow> rows, Set<Integer> held) {
		List<Seat> seats = new ArrayList<>(rows.size());
		for (SeatRow row : rows) {
			SeatStatus status = row.sold() ? SeatStatus.RESERVED
					: held.contains(row.seatNo()) ? SeatStatus.HELD : SeatStatus.AVAILABLE;
			seats.add(new Seat(row.seatNo(), row.price(), status));
		}
		return Flux.fromIterable(seats);
	}

	private record SeatRow(int seatNo, long price, boolean sold) {
	}

	record DateAvailability(LocalDate date, long availableSeats) {
	}

	record Seat(int seatNo, long price, SeatStatus status) {
	}

	enum SeatStatus {

		AVAILABLE, HELD, RESERVED

	}

}
