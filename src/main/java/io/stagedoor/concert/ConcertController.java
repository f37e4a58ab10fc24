package io.stagedoor.concert;

import java.time.LocalDate;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.stagedoor.queue.ActiveEntry;
import io.stagedoor.queue.Caller;
import io.stagedoor.web.Ids;
import io.stagedoor.web.RejectedException;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Concerts (open to all), and their dates and seats (an active token for that concert). */
@RestController
@RequestMapping("/api/v1/concerts")
@Tag(name = "Concerts")
class ConcertController {

	private final ConcertCatalog catalog;

	private final SeatMap seatMap;

	ConcertController(ConcertCatalog catalog, SeatMap seatMap) {
		this.catalog = catalog;
		this.seatMap = seatMap;
	}

	@GetMapping
	@Operation(summary = "All concerts (no token needed)")
	Flux<ConcertCatalog.Concert> concerts() {
		return this.catalog.concerts();
	}

	@GetMapping("/{concertId}/dates")
	@Operation(summary = "Dates from today on with at least one available seat, ascending")
	Mono<Dates> dates(@PathVariable long concertId, @ActiveEntry Caller caller) {
		requireOwnConcert(caller, concertId);
		return this.catalog.exists(concertId)
			.flatMap(known -> known ? this.seatMap.dates(concertId).collectList()
					: Mono.error(RejectedException.notFound("no concert " + concertId)))
			.map(dates -> new Dates(concertId, dates));
	}

	@GetMapping("/{concertId}/dates/{date}/seats")
	@Operation(summary = "All 50 seats of a date in order: AVAILABLE, HELD or RESERVED")
	Mono<Seats> seats(@PathVariable long concertId, @PathVariable String date, @ActiveEntry Caller caller) {
		requireOwnConcert(caller, concertId);
		LocalDate day = Ids.date(date, "date");
		return this.seatMap.seats(concertId, day).collectList().map(seats -> new Seats(concertId, day, seats));
	}

	private static void requireOwnConcert(Caller caller, long concertId) {
		if (caller.concertId() != concertId) {
			throw RejectedException.forbidden("this token is for concert " + caller.concertId());
		}
	}

	record Dates(long concertId, List<SeatMap.DateAvailability> dates) {
	}

	record Seats(long concertId, LocalDate date, List<SeatMap.Seat> seats) {
	}

}
