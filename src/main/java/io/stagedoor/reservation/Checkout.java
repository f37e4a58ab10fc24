package io.stagedoor.reservation;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.stagedoor.support.RandomIds;
import io.stagedoor.web.RejectedException;
import io.stagedoor.web.Rejection;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Component;

/**
 * The step from hold to ticket, as a payment takes it: the holds claimed in Redis while the payment's
 * transaction runs, confirmed and sold in that transaction, then settled in Redis. The confirm and
 * the sale join the caller's transaction; the claim is given back if the work fails or its caller
 * goes away.
 */
@NamedInterface("checkout")
@Component
public class Checkout {

	private final SeatHolds holds;

	private final Reservations reservations;

	private final ReservationProperties properties;

	Checkout(SeatHolds holds, Reservations reservations, ReservationProperties properties) {
		this.holds = holds;
		this.reservations = reservations;
		this.properties = properties;
	}

	/** How many holds one payment may pay at most: as many as one user may hold. */
	public int maxHolds() {
		return this.properties.maxHolds();
	}

	/** The reservations of these ids that exist, in no particular order. */
	public Flux<Reservation> findAll(Collection<UUID> ids) {
		return this.reservations.findAll(ids);
	}

	/**
	 * Runs {@code work} with the holds claimed, so none of them can lapse to someone else or be paid
	 * by another attempt meanwhile; {@code work} gets the Redis time of the claim. The claim is given
	 * back (each hold keeps its own expiry) when the work fails, and at once when its subscriber
	 * cancels (a client that went away), not after the claim's ttl; a work that completes leaves it
	 * to {@link #settle}. Refused with PAYMENT_IN_PROGRESS when another attempt has a hold claimed,
	 * ALREADY_PAID or HOLD_EXPIRED when Redis no longer has one.
	 */
	public <T> Mono<T> underClaim(List<Reservation> paid, Function<Instant, Mono<T>> work) {
		UUID attemptId = RandomIds.uuid();
		return Mono.usingWhen(claim(paid, attemptId), claim -> work.apply(claim.at()), claim -> Mono.empty(),
				(claim, ex) -> giveBack(paid, attemptId), claim -> giveBack(paid, attemptId));
	}

	private Mono<SeatHolds.Claim> claim(List<Reservation> paid, UUID attemptId) {
		return this.holds.claim(paid, attemptId).flatMap(claim -> switch (claim.outcome()) {
			case CLAIMED -> Mono.just(claim);
			case IN_PROGRESS -> Mono.error(new RejectedException(Rejection.PAYMENT_IN_PROGRESS,
					"another payment of reservation " + paid.get(claim.failedIndex()).id() + " is under way"));
			case LAPSED -> lapsed(paid.get(claim.failedIndex()));
		});
	}

	private Mono<Void> giveBack(List<Reservation> paid, UUID attemptId) {
		return this.holds.unclaim(paid, attemptId).onErrorResume(ex -> Mono.empty());
	}

	/** Redis no longer has the hold: paid by the winner of a race, or lapsed. */
	private <T> Mono<T> lapsed(Reservation r) {
		return this.reservations.find(r.id())
			.map(now -> now.status() == ReservationStatus.CONFIRMED ? alreadyPaid(r) : holdExpired(r))
			.switchIfEmpty(Mono.fromSupplier(() -> holdExpired(r)))
			.flatMap(Mono::error);
	}

	/**
	 * Confirms the claimed holds for a payment, in the caller's transaction: each must still be
	 * {@code HELD} by its user and have been claimed before it lapsed, or HOLD_EXPIRED (which must roll
	 * the payment back).
	 */
	public Mono<Void> confirm(List<Reservation> paid, UUID paymentId, Instant claimedAt, Instant now) {
		return Flux.fromIterable(paid)
			.concatMap(r -> this.reservations.confirm(r.id(), r.userId(), paymentId, claimedAt, now)
				.filter(Boolean::booleanValue)
				.switchIfEmpty(Mono.error(holdExpired(r))))
			.then();
	}

	/**
	 * Records the seats sold, in the caller's transaction; a seat sold already (the last guard against
	 * selling it twice) is SEAT_UNAVAILABLE.
	 */
	public Mono<Void> sell(List<Reservation> paid, UUID paymentId, Instant now) {
		return Flux.fromIterable(paid)
			.concatMap(r -> this.reservations.sell(r, paymentId, now)
				.onErrorMap(DataIntegrityViolationException.class, ex -> new RejectedException(
						Rejection.SEAT_UNAVAILABLE, "seat " + r.seatNo() + " on " + r.date() + " is sold")))
			.then();
	}

	/** Marks paid seats sold for good in Redis and clears their holds and claims; idempotent. */
	public Mono<Void> settle(List<Reservation> paid) {
		return this.holds.settle(paid);
	}

	private static RejectedException alreadyPaid(Reservation r) {
		return new RejectedException(Rejection.ALREADY_PAID, "reservation " + r.id() + " is paid already");
	}

	private static RejectedException holdExpired(Reservation r) {
		return new RejectedException(Rejection.HOLD_EXPIRED, "the hold " + r.id() + " has expired");
	}

}
