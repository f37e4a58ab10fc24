package io.stagedoor.concert;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

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

	/** The dates from today on that still have a seat to hold, ascending. */
	Flux<DateAvailability> dates(long concertId) {
		return this.db.sql("SELECT show_date FROM concert_date WHERE concert_id = :c AND show_date >= :today ORDER BY show_date")
			.bind("c", concertId)
			.bind("today", this.catalog.today())
			.map(row -> row.get("show_date", LocalDate.class))
			.all()
			.concatMap(date -> available(concertId, date))
			.filter(date -> date.availableSeats() > 0);
	}

	private Mono<DateAvailability> available(long concertId, LocalDate date) {
		return seats(concertId, date).filter(seat -> seat.status() == SeatStatus.AVAILABLE)
			.count()
			.map(available -> new DateAvailability(date, available));
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
