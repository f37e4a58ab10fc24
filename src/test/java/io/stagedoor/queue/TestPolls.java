package io.stagedoor.queue;

/**
 * What the line tells a polling client, for tests in other packages ({@link WaitEstimate} is
 * package-private).
 */
public final class TestPolls {

	private TestPolls() {
	}

	/** The shortest {@code pollAfterMs} the line tells anyone (at an idle timeout of 3 s or more). */
	public static long shortestPollAfterMs() {
		return WaitEstimate.MIN_POLL_MS;
	}

}
