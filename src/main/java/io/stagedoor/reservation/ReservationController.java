package io.stagedoor.reservation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.stagedoor.queue.ActiveEntry;
import io.stagedoor.queue.Caller;
import io.stagedoor.queue.QueueGate;
import io.stagedoor.security.QueueToken;
import io.stagedoor.web.Ids;
import io.stagedoor.web.RejectedException;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Seat holds: take (active token), read, release (active token), list a user's. */
@RestController
@Tag(name = "Reservations")
class ReservationController {

	private final ReservationService reservations;

	private final QueueGate gate;

	ReservationController(ReservationService reservations, QueueGate gate) {
		this.gate = gate;
		this.reservations = reservations;
	}

	@PostMapping("/api/v1/reservations")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Hold a seat for stagedoor.reservation.hold-ttl; of concurrent requests exactly one wins")
	Mono<ReservationView> hold(@RequestBody HoldRequest request, QueueToken token) {
		// the gate runs inside the hold's Redis call; a bad request still hears the gate's answer first
		return Mono.fromRunnable(request::validate)
			.onErrorResume(invalid -> this.gate.refuseAfterGate(token, invalid))
			.then(Mono.defer(() -> this.reservations.hold(token, request.concertId(), request.day(), request.seatNo())))
			.map(ReservationView::of);
	}

	@GetMapping("/api/v1/reservations/{reservationId}")
	@Operation(summary = "The caller's own hold: HELD, CONFIRMED, EXPIRED (from the moment it lapsed) or CANCELLED")
	Mono<ReservationView> get(@PathVariable String reservationId, Caller caller) {
		return this.reservations.get(caller, Ids.uuid(reservationId, "reservationId")).map(ReservationView::of);
	}

	@DeleteMapping("/api/v1/reservations/{reservationId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Release the caller's hold; 409 ALREADY_PAID for a confirmed one")
	Mono<Void> release(@PathVariable String reservationId, @ActiveEntry Caller caller) {
		return this.reservations.release(caller, Ids.uuid(reservationId, "reservationId"));
	}

	@GetMapping("/api/v1/users/{userId}/reservations")
	@Operation(summary = "The caller's confirmed tickets and live holds, newest first")
	Flux<ReservationView> ofUser(@PathVariable String userId, Caller caller) {
		return this.reservations.ofUser(caller, Ids.uuid(userId, "userId")).map(ReservationView::of);
	}

	/** {@code {"concertId":1,"date":"2026-12-24","seatNo":7}} */
	record HoldRequest(Long concertId, String date, Integer seatNo) {

		void validate() {
			if (this.concertId == null || this.concertId < 1) {
				throw RejectedException.invalid("concertId must be a positive integer");
			}
			if (this.seatNo == null || this.seatNo < 1 || this.seatNo > 50) {
				throw RejectedException.invalid("seatNo must be an integer from 1 to 50");
			}
			day();
		}

		LocalDate day() {
			return Ids.date(this.date, "date");
		}

	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record ReservationView(UUID reservationId, long concertId, LocalDate date, int seatNo, long price,
			ReservationStatus status, Instant expiresAt, UUID paymentId) {

		static ReservationView of(Reservation r) {
			return new ReservationView(r.id(), r.concertId(), r.date(), r.seatNo(), r.price(), r.status(), r.expiresAt(),
					r.paymentId());
		}

	}

}
