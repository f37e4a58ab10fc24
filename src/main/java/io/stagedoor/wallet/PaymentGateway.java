package io.stagedoor.wallet;

import java.util.UUID;

import reactor.core.publisher.Mono;

/**
 * Where money comes from: a card processor, a bank, a PG. Charging the balance goes through it
 * first; only a charge it accepted is credited.
 */
interface PaymentGateway {

	/**
	 * Charges {@code amount} KRW for the user. The same {@code idempotencyKey} never charges twice:
	 * a retry gets the first outcome.
	 * @return the gateway's reference of the charge, or an error {@link Declined}
	 */
	Mono<String> charge(UUID userId, long amount, String idempotencyKey);

	/** The gateway declined the charge; nothing was taken. */
	final class Declined extends RuntimeException {

		public Declined(String reason) {
			super(reason, null, false, false);
		}

	}

}
