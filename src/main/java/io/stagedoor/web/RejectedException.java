package io.stagedoor.web;

import java.util.Map;

/**
 * A business rejection: what was refused and why, in words fit for the caller. Features throw it
 * (or signal it in a reactive chain); {@link ProblemAdvice} renders it.
 */
public class RejectedException extends RuntimeException {

	private final Rejection rejection;

	private final Map<String, Object> extra;

	private final Long retryAfterSeconds;

	public RejectedException(Rejection rejection, String detail) {
		this(rejection, detail, Map.of(), null);
	}

	public RejectedException(Rejection rejection, String detail, Map<String, Object> extra, Long retryAfterSeconds) {
		super(detail, null, false, false);
		this.rejection = rejection;
		this.extra = Map.copyOf(extra);
		this.retryAfterSeconds = retryAfterSeconds;
	}

	public Rejection rejection() {
		return this.rejection;
	}

	/** Members added to the problem body, such as {@code position}. */
	public Map<String, Object> extra() {
		return this.extra;
	}

	public Long retryAfterSeconds() {
		return this.retryAfterSeconds;
	}

	public static RejectedException invalid(String detail) {
		return new RejectedException(Rejection.INVALID_REQUEST, detail);
	}

	public static RejectedException notFound(String detail) {
		return new RejectedException(Rejection.NOT_FOUND, detail);
	}

	public static RejectedException forbidden(String detail) {
		return new RejectedException(Rejection.FORBIDDEN, detail);
	}

}
