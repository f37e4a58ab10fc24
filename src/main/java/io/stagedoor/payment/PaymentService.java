package io.stagedoor.payment;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.stagedoor.support.RandomIds;
import io.stagedoor.idempotency.IdempotencyKeys;
import io.stagedoor.queue.Caller;
import io.stagedoor.queue.QueueGate;
import io.stagedoor.reservation.Checkout;
import io.stagedoor.reservation.Reservation;
import io.stagedoor.reservation.ReservationStatus;
import io.stagedoor.security.QueueToken;
import io.stagedoor.wallet.Wallets;
import io.stagedoor.web.Ids;
import io.stagedoor.web.RejectedException;
import io.stagedoor.web.Rejection;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Paying holds from the balance. The holds are claimed in Redis first, so a hold that lapses while
 * the payment runs cannot pass to someone else and a second payment of the same hold stops at
 * once; then one SQL transaction confirms the holds, debits the balance, writes the payment, the
 * sold seats (the last guard) and the idempotency record; then Redis is settled. Any failure before
 * the commit changes nothing and gives the claims back.
 */
@Service
class PaymentService {

	private static final Logger log = LoggerFactory.getLogger(PaymentService.class);

	/** Shorter than the claim ttl: a transaction that could outlive its claim is cut first. */
	static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(10);

	private final QueueGate gate;

	private final Checkout checkout;

	private final Wallets wallets;

	private final Payments payments;

	private final PaymentSettler settler;

	private final IdempotencyKeys keys;

	private final TransactionalOperator tx;

	private final Clock clock;

	private final MeterRegistry metrics;

	PaymentService(QueueGate gate, Checkout checkout, Wallets wallets, Payments payments, PaymentSettler settler,
			IdempotencyKeys keys, TransactionalOperator tx, Clock clock, MeterRegistry metrics) {
		this.gate = gate;
		this.checkout = checkout;
		this.wallets = wallets;
		this.payments = payments;
		this.settler = settler;
		this.keys = keys;
		this.tx = tx;
		this.clock = clock;
		this.metrics = metrics;
	}

	/**
	 * Pays the holds. A repeated key with the same body answers with the first payment even though
	 * that payment spent the token, which is why this takes the verified token and passes the gate
	 * itself, after looking the key up.
	 */
	Mono<PaymentView> pay(QueueToken token, List<String> reservationIds, String idempotencyKey) {
		List<UUID> ids = parse(reservationIds);
		String request = "pay:" + ids.stream().map(UUID::toString).collect(Collectors.joining(","));
		return this.keys
			.once(token.userId(), idempotencyKey, request, PaymentView.class, () -> count(token.concertId(), "replayed"),
					attempt -> payOnce(token, ids, attempt).doOnNext(view -> count(token.concertId(), "completed")))
			.doOnError(RejectedException.class, ex -> count(token.concertId(), ex.rejection().name().toLowerCase()));
	}

	private Mono<PaymentView> payOnce(QueueToken token, List<UUID> ids, IdempotencyKeys.Attempt attempt) {
		return this.gate.active(token)
			.onErrorResume(RejectedException.class, ex -> alreadyPaidOr(ex, token, ids))
			.flatMap(caller -> payable(caller, ids))
			.flatMap(paid -> claimAndCommit(token, paid, attempt));
	}

	/**
	 * A payment spends its token, so the loser of a race that arrives after the winner committed
	 * holds a spent token: for holds of that user that are paid, {@code ALREADY_PAID} says more than
	 * {@code TOKEN_EXPIRED}.
	 */
	private Mono<Caller> alreadyPaidOr(RejectedException refusal, QueueToken token, List<UUID> ids) {
		if (refusal.rejection() != Rejection.TOKEN_EXPIRED) {
			return Mono.error(refusal);
		}
		return this.checkout.findAll(ids)
			.filter(r -> r.userId().equals(token.userId()) && r.status() == ReservationStatus.CONFIRMED)
			.next()
			.flatMap(paid -> Mono.<Caller>error(
					alreadyPaid(paid)))
			.switchIfEmpty(Mono.error(refusal));
	}

	/** The holds in the order asked, each the caller's own, of the token's concert and still held. */
	private Mono<List<Reservation>> payable(Caller caller, List<UUID> ids) {
		Instant now = this.clock.instant();
		return this.checkout.findAll(ids).collectMap(Reservation::id, Function.identity()).map(found -> {
			List<Reservation> ordered = new ArrayList<>(ids.size());
			for (UUID id : ids) {
				Reservation r = found.get(id);
				if (r == null) {
					throw RejectedException.notFound("no reservation " + id);
				}
				if (!r.userId().equals(caller.userId()) || r.concertId() != caller.concertId()) {
					throw RejectedException.forbidden("reservation " + id + " is not a hold of this token's user and concert");
				}
				ordered.add(r);
			}
			for (Reservation r : ordered) {
				requirePayable(r, now);
			}
			return ordered;
		});
	}

	private static void requirePayable(Reservation r, Instant now) {
		ReservationStatus status = r.statusAt(now);
		if (status == ReservationStatus.CONFIRMED) {
			throw alreadyPaid(r);
		}
		if (status != ReservationStatus.HELD) {
			throw new RejectedException(Rejection.HOLD_EXPIRED,
					"the hold " + r.id() + " has " + (status == ReservationStatus.EXPIRED ? "expired" : "been released"));
		}
	}

	private static RejectedException alreadyPaid(Reservation r) {
		return new RejectedException(Rejection.ALREADY_PAID, "reservation " + r.id() + " is paid already");
	}

	/**
	 * Commits under a claim of the holds (given back if the commit fails or the client goes away),
	 * then settles Redis; a cancel after the commit leaves the settling to the settler.
	 */
	private Mono<PaymentView> claimAndCommit(QueueToken token, List<Reservation> paid, IdempotencyKeys.Attempt attempt) {
		return this.checkout.underClaim(paid, claimedAt -> commit(token, paid, claimedAt, attempt))
			.flatMap(payment -> settleNow(payment, paid).thenReturn(PaymentView.of(payment)));
	}

	private Mono<Payment> commit(QueueToken token, List<Reservation> paid, Instant claimedAt,
			IdempotencyKeys.Attempt attempt) {
		Instant now = this.clock.instant();
		long amount = paid.stream().mapToLong(Reservation::price).sum();
		Payment payment = new Payment(RandomIds.uuid(), token.userId(), token.concertId(), amount, Payment.COMPLETED,
				token.tokenId(), now, paid.stream().map(Reservation::id).toList());
		String reference = payment.id().toString();
		return this.checkout.confirm(paid, payment.id(), claimedAt, now)
			.then(this.wallets.debit(token.userId(), amount, reference, now))
			.switchIfEmpty(Mono.error(new RejectedException(Rejection.INSUFFICIENT_BALANCE,
					"the balance does not cover " + amount + " KRW; charge it first")))
			.then(this.payments.insert(payment)
				.onErrorMap(DataIntegrityViolationException.class, ex -> QueueGate.expired()))
			.then(this.checkout.sell(paid, payment.id(), now))
			.then(this.keys.complete(attempt, 201, PaymentView.of(payment)))
			.thenReturn(payment)
			.timeout(TRANSACTION_TIMEOUT)
			.as(this.tx::transactional);
	}

	/** The payment is committed whatever happens here; what fails is left to the settler's next round. */
	private Mono<Void> settleNow(Payment payment, List<Reservation> paid) {
		return this.settler.settle(payment, paid).onErrorResume(ex -> {
			log.warn("Payment {} committed; its Redis side waits for the settler: {}", payment.id(), ex.toString());
			return Mono.empty();
		});
	}

	Mono<PaymentView> find(Caller caller, UUID paymentId) {
		return this.payments.find(paymentId)
			.switchIfEmpty(Mono.error(RejectedException.notFound("no payment " + paymentId)))
			.filter(p -> p.userId().equals(caller.userId()))
			.switchIfEmpty(Mono.error(RejectedException.forbidden("this is another user's payment")))
			.map(PaymentView::of);
	}

	private List<UUID> parse(List<String> reservationIds) {
		int max = this.checkout.maxHolds();
		if (reservationIds == null || reservationIds.isEmpty() || reservationIds.size() > max) {
			throw RejectedException.invalid("reservationIds must hold 1 to " + max + " reservation ids");
		}
		Set<UUID> ids = new LinkedHashSet<>();
		for (String id : reservationIds) {
			if (!ids.add(Ids.uuid(id, "reservationIds"))) {
				throw RejectedException.invalid("reservationIds must not repeat an id");
			}
		}
		return List.copyOf(ids);
	}

	private void count(long concertId, String outcome) {
		this.metrics.counter("stagedoor.payments", "concert", Long.toString(concertId), "outcome", outcome).increment();
	}

	/** {@code {"paymentId":"…","reservationIds":["…"],"amount":240000,"status":"COMPLETED","paidAt":"…"}} */
	record PaymentView(UUID paymentId, List<UUID> reservationIds, long amount, String status, Instant paidAt) {

		static PaymentView of(Payment p) {
			return new PaymentView(p.id(), p.reservationIds(), p.amount(), p.status(), p.paidAt());
		}

	}

}
