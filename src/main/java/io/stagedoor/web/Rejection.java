package io.stagedoor.web;

/**
 * Every way Stagedoor turns a request down, by the {@code code} of its problem+json body. The kinds
 * carry no HTTP status: {@link ProblemAdvice} alone decides how each is answered.
 */
public enum Rejection {

	INVALID_REQUEST("Invalid request"),
	TOKEN_MISSING("Queue token missing"),
	TOKEN_INVALID("Queue token invalid"),
	TOKEN_EXPIRED("Queue token expired"),
	PAYMENT_DECLINED("Payment declined"),
	QUEUE_NOT_ACTIVE("Still waiting in line"),
	FORBIDDEN("Forbidden"),
	NOT_FOUND("Not found"),
	SEAT_UNAVAILABLE("Seat unavailable"),
	HOLD_LIMIT("Hold limit reached"),
	HOLD_EXPIRED("Hold expired"),
	PAYMENT_IN_PROGRESS("Payment in progress"),
	ALREADY_PAID("Already paid"),
	INSUFFICIENT_BALANCE("Insufficient balance"),
	IDEMPOTENCY_CONFLICT("Idempotency conflict"),
	PAYLOAD_TOO_LARGE("Payload too large"),
	RATE_LIMITED("Too many requests"),
	UNAVAILABLE("Service unavailable"),
	// additions to the contract
	/** The line is draining: it takes no new entries. */
	QUEUE_CLOSED("Line closed"),
	/** The admin API's key is missing or wrong (or the admin API is off). */
	ADMIN_UNAUTHORIZED("Admin key missing or wrong"),
	/** Signed entry is on and this entry is missing or not good. */
	ENTRY_INVALID("Entry not accepted");

	private final String title;

	Rejection(String title) {
		this.title = title;
	}

	public String title() {
		return this.title;
	}

	/** The problem type URI: the code in kebab case. */
	public String type() {
		return "https://stagedoor.dev/errors/" + name().toLowerCase().replace('_', '-');
	}

}
