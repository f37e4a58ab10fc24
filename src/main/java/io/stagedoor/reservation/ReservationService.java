package io.stagedoor.reservation;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.stagedoor.support.RandomIds;
import io.stagedoor.concert.ConcertCatalog;
import io.stagedoor.queue.Caller;
import io.stagedoor.queue.QueueGate;
import io.stagedoor.security.QueueToken;
import io.stagedoor.queue.EntryEndedListener;
import io.stagedoor.web.RejectedException;
import io.stagedoor.web.Rejection;

import org.springframework.stereotype.Service;

/**
 * Seat holds: taking, reading and releasing them. Redis decides who holds a seat (the database only
 * records it afterwards), and the database's sold seats decide who owns one.
 */
@Service
class ReservationService implements EntryEndedListener {

	private final SeatHolds holds;

	private final Reservations reservations;

	private final ConcertCatalog catalog;

	private final ReservationProperties properties;

	private final Clock clock;

	private final MeterRegistry metrics;

	private final QueueGate gate;

	ReservationService(SeatHolds holds, Reservations reservations, ConcertCatalog catalog,
			ReservationProperties properties, Clock clock, MeterRegistry metrics, QueueGate gate) {
		this.gate = gate;
		this.holds = holds;
		this.reservations = reservations;
		this.catalog = catalog;
		this.properties = properties;
		this.clock = clock;
		this.metrics = metrics;
	}

	/**
	 * Takes a hold for the token's user. The token passes the gate in the hold's own Redis call (one
	 * call per hold); where the request fails before that call (another concert, no such date), the
	 * gate is asked first, so a dead or waiting token is told so before anything else.
	 */
	Mono<Reservation> hold(QueueToken token, long concertId, LocalDate date, int seatNo) {
		if (token.concertId() != concertId) {
			return this.gate.refuseAfterGate(token,
					RejectedException.forbidden("this token is for concert " + token.concertId()));
		}
		return this.catalog.price(concertId, date, seatNo)
			.switchIfEmpty(this.gate.refuseAfterGate(token,
					RejectedException.notFound("no date " + date + " on sale for concert " + concertId)))
			.map(price -> new Reservation(RandomIds.uuid(), token.userId(), concertId, date, seatNo, price,
					ReservationStatus.HELD, null, null, null))
			.flatMap(draft -> attempt(draft, token, true))
			.doOnError(RejectedException.class, ex -> count(concertId, ex.rejection().name().toLowerCase()))
			.doOnNext(held -> count(concertId, "held"));
	}

	private Mono<Reservation> attempt(Reservation draft, QueueToken token, boolean mayLoadMarkers) {
		return this.holds.hold(draft, token, null).flatMap(attempt -> switch (attempt.outcome()) {
			case HELD -> record(new Reservation(draft.id(), draft.userId(), draft.concertId(), draft.date(),
					draft.seatNo(), draft.price(), ReservationStatus.HELD, attempt.now(),
					attempt.now().plus(this.properties.holdTtl()), null));
			case UNAVAILABLE -> Mono.error(new RejectedException(Rejection.SEAT_UNAVAILABLE,
					"seat " + draft.seatNo() + " on " + draft.date() + " is held or sold"));
			case LIMIT -> Mono.error(new RejectedException(Rejection.HOLD_LIMIT,
					"you already hold " + this.properties.maxHolds() + " seats of this concert"));
			case SOLD_MARKERS_MISSING -> mayLoadMarkers
					? loadSoldMarkers(draft.concertId()).then(attempt(draft, token, false))
					: Mono.error(new IllegalStateException("sold markers did not load"));
		});
	}

	/** The hold is Redis's; if the database cannot record it, it is given back at once. */
	private Mono<Reservation> record(Reservation held) {
		return this.reservations.insert(held)
			.thenReturn(held)
			.onErrorResume(ex -> this.holds.release(held).onErrorResume(e -> Mono.empty()).then(Mono.error(ex)));
	}

	private Mono<Void> loadSoldMarkers(long concertId) {
		return this.reservations.soldSeats(concertId)
			.collectList()
			.flatMap(sold -> this.holds.loadSold(concertId, sold));
	}

	Mono<Reservation> get(Caller caller, UUID id) {
		return own(caller, id).map(r -> r.withStatus(r.statusAt(this.clock.instant())));
	}

	/** Releases the caller's hold; already lapsed or released is fine, paid is not. */
	Mono<Void> release(Caller caller, UUID id) {
		return own(caller, id).flatMap(r -> {
			if (r.concertId() != caller.concertId()) {
				return Mono.error(RejectedException.forbidden("this token is for concert " + caller.concertId()));
			}
			if (r.status() == ReservationStatus.CONFIRMED) {
				return Mono.error(new RejectedException(Rejection.ALREADY_PAID, "this hold is paid; refunds are out of scope"));
			}
			if (r.statusAt(this.clock.instant()) != ReservationStatus.HELD) {
				return Mono.empty();
			}
			return releaseOne(r, ReservationStatus.CANCELLED).flatMap(released -> released ? Mono.empty()
					: Mono.error(new RejectedException(Rejection.PAYMENT_IN_PROGRESS, "a payment of this hold is under way")));
		});
	}

	private Mono<Boolean> releaseOne(Reservation r, ReservationStatus to) {
		return this.holds.release(r)
			.flatMap(released -> released ? this.reservations.end(r.id(), to, this.clock.instant()).thenReturn(true)
					: Mono.just(false));
	}

	Flux<Reservation> ofUser(Caller caller, UUID userId) {
		if (!caller.userId().equals(userId)) {
			return Flux.error(RejectedException.forbidden("these are another user's reservations"));
		}
		return this.reservations.ofUser(userId, this.clock.instant());
	}

	private Mono<Reservation> own(Caller caller, UUID id) {
		return this.reservations.find(id)
			.switchIfEmpty(Mono.error(RejectedException.notFound("no reservation " + id)))
			.filter(r -> r.userId().equals(caller.userId()))
			.switchIfEmpty(Mono.error(RejectedException.forbidden("this is another user's reservation")));
	}

	/** A dying entry's unpaid holds go at once: expired when it lapsed, cancelled when it was left or spent. */
	@Override
	public Mono<Void> entriesEnded(long concertId, List<UUID> users, Ending ending) {
		ReservationStatus to = (ending == Ending.LAPSED) ? ReservationStatus.EXPIRED : ReservationStatus.CANCELLED;
		return Flux.fromIterable(users)
			.flatMap(user -> this.reservations.liveHolds(concertId, user, this.clock.instant()), 8)
			.flatMap(r -> releaseOne(r, to), 8)
			.then();
	}

	private void count(long concertId, String outcome) {
		this.metrics.counter("stagedoor.holds", "concert", Long.toString(concertId), "outcome", outcome).increment();
	}

}
