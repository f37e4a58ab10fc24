package io.stagedoor.payment;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.stagedoor.queue.QueueEntries;
import io.stagedoor.reservation.Checkout;
import io.stagedoor.reservation.Reservation;
import io.stagedoor.security.QueueToken;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Brings Redis in line with a committed payment: the seats marked sold, their holds and claims
 * gone, the token spent (its slot goes to the next in line). Right after the commit, and again
 * every few seconds for any payment a crash or a Redis outage left unsettled; every step is
 * idempotent, so settling twice changes nothing.
 */
@Component
class PaymentSettler {

	private static final Logger log = LoggerFactory.getLogger(PaymentSettler.class);

	/** How long after its commit a payment is presumed abandoned by the request that made it. */
	static final Duration GRACE = Duration.ofSeconds(10);

	private final Payments payments;

	private final Checkout checkout;

	private final QueueEntries entries;

	private final Clock clock;

	PaymentSettler(Payments payments, Checkout checkout, QueueEntries entries, Clock clock) {
		this.payments = payments;
		this.checkout = checkout;
		this.entries = entries;
		this.clock = clock;
	}

	Mono<Void> settle(Payment payment, List<Reservation> paid) {
		QueueToken spent = new QueueToken(payment.userId(), payment.concertId(), 0, payment.tokenId(), null);
		return this.checkout.settle(paid)
			.then(this.entries.spend(spent))
			.then(this.payments.markSettled(payment.id()));
	}

	@Scheduled(fixedDelayString = "${stagedoor.reservation.sweep-every:5s}",
			initialDelayString = "${stagedoor.reservation.sweep-every:5s}")
	Mono<Void> settleLeftovers() {
		// Spring subscribes the same publisher on every run: the time is read per subscription
		return Flux.defer(() -> this.payments.unsettled(this.clock.instant().minus(GRACE), 100))
			.concatMap(payment -> this.checkout.findAll(payment.reservationIds())
				.collectList()
				.flatMap(paid -> settle(payment, paid))
				.doOnSuccess(v -> log.info("Settled payment {} left unsettled in Redis", payment.id())))
			.then()
			.onErrorResume(ex -> {
				log.warn("Payment settling skipped: {}", ex.toString());
				return Mono.empty();
			});
	}

}
