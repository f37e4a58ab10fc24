package io.stagedoor.wallet;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;

import io.stagedoor.queue.Caller;
import io.stagedoor.web.Ids;
import io.stagedoor.web.RejectedException;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** The balance: the means of payment, charged beforehand through the payment gateway. */
@RestController
@Tag(name = "Balance")
class WalletController {

	private final WalletService wallets;

	WalletController(WalletService wallets) {
		this.wallets = wallets;
	}

	@GetMapping("/api/v1/users/{userId}/balance")
	@Operation(summary = "The caller's balance (any live token of that user)")
	Mono<WalletService.Balance> balance(@PathVariable String userId, Caller caller) {
		return this.wallets.balance(caller, Ids.uuid(userId, "userId"));
	}

	@PostMapping("/api/v1/users/{userId}/balance/charge")
	@Operation(summary = "Charge the balance through the payment gateway; a repeated Idempotency-Key with the same "
			+ "body returns the first answer and charges once")
	Mono<WalletService.Balance> charge(@PathVariable String userId, @RequestBody ChargeRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey, Caller caller) {
		if (request.amount() == null) {
			throw RejectedException.invalid("amount must be an integer from 1 to 10,000,000");
		}
		return this.wallets.charge(caller, Ids.uuid(userId, "userId"), request.amount(), idempotencyKey);
	}

	/** {@code {"amount":10000}} */
	record ChargeRequest(Long amount) {
	}

}
