package io.stagedoor.payment;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;

import io.stagedoor.queue.Caller;
import io.stagedoor.security.QueueToken;
import io.stagedoor.web.Ids;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Paying holds from the balance, and the payment history. */
@RestController
@Tag(name = "Payments")
class PaymentController {

	private final PaymentService payments;

	PaymentController(PaymentService payments) {
		this.payments = payments;
	}

	@PostMapping("/api/v1/payments")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Pay the caller's holds from the balance (active token); the token is spent",
			description = "All or nothing. A repeated Idempotency-Key with the same body returns the first answer, "
					+ "even after that payment spent the token.")
	Mono<PaymentService.PaymentView> pay(@RequestBody PayRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey, QueueToken token) {
		return this.payments.pay(token, request.reservationIds(), idempotencyKey);
	}

	@GetMapping("/api/v1/payments/{paymentId}")
	@Operation(summary = "The caller's own payment (any live token of that user)")
	Mono<PaymentService.PaymentView> find(@PathVariable String paymentId, Caller caller) {
		return this.payments.find(caller, Ids.uuid(paymentId, "paymentId"));
	}

	/** {@code {"reservationIds":["…"]}} */
	record PayRequest(List<String> reservationIds) {
	}

}
