package io.stagedoor.wallet;

import java.time.Clock;
import java.util.UUID;

import reactor.core.publisher.Mono;

import io.stagedoor.idempotency.IdempotencyKeys;
import io.stagedoor.queue.Caller;
import io.stagedoor.web.RejectedException;
import io.stagedoor.web.Rejection;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Balances: read, and charged through the payment gateway. A charge is credited only after the
 * gateway accepted it, in one transaction with its ledger row and its idempotency record.
 */
@Service
class WalletService {

	static final long MIN_CHARGE = 1;

	static final long MAX_CHARGE = 10_000_000;

	private final Wallets wallets;

	private final PaymentGateway gateway;

	private final IdempotencyKeys keys;

	private final TransactionalOperator tx;

	private final Clock clock;

	WalletService(Wallets wallets, PaymentGateway gateway, IdempotencyKeys keys, TransactionalOperator tx,
			Clock clock) {
		this.wallets = wallets;
		this.gateway = gateway;
		this.keys = keys;
		this.tx = tx;
		this.clock = clock;
	}

	Mono<Balance> balance(Caller caller, UUID userId) {
		requireSelf(caller, userId);
		return this.wallets.balance(userId).map(balance -> new Balance(userId, balance));
	}

	Mono<Balance> charge(Caller caller, UUID userId, long amount, String idempotencyKey) {
		requireSelf(caller, userId);
		if (amount < MIN_CHARGE || amount > MAX_CHARGE) {
			return Mono.error(RejectedException.invalid("amount must be an integer from 1 to 10,000,000"));
		}
		return this.keys.once(userId, idempotencyKey, "charge:" + amount, Balance.class,
				attempt -> chargeOnce(attempt, userId, amount));
	}

	private Mono<Balance> chargeOnce(IdempotencyKeys.Attempt attempt, UUID userId, long amount) {
		return this.gateway.charge(userId, amount, attempt.gatewayKey())
			.onErrorMap(PaymentGateway.Declined.class,
					ex -> new RejectedException(Rejection.PAYMENT_DECLINED, "the payment gateway declined the charge; nothing was credited"))
			.flatMap(reference -> credit(attempt, userId, amount, reference));
	}

	private Mono<Balance> credit(IdempotencyKeys.Attempt attempt, UUID userId, long amount, String reference) {
		return this.wallets.credit(userId, amount, reference, this.clock.instant())
			.map(balance -> new Balance(userId, balance))
			.flatMap(balance -> this.keys.complete(attempt, 200, balance).thenReturn(balance))
			.as(this.tx::transactional);
	}

	private static void requireSelf(Caller caller, UUID userId) {
		if (!caller.userId().equals(userId)) {
			throw RejectedException.forbidden("this is another user's balance");
		}
	}

	/** {@code {"userId":"…","balance":50000}} */
	record Balance(UUID userId, long balance) {
	}

}
