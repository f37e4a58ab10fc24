package io.stagedoor.reservation;

/**
 * The seat holds' Redis keys for tests in other packages, from {@link SeatKeys} (package-private on
 * purpose: other features' main code must not reach reservation's keys).
 */
public final class TestSeatKeys {

	private TestSeatKeys() {
	}

	/** A {@code SCAN MATCH} pattern of every seat hold of every concert. */
	public static String everyHold() {
		return SeatKeys.everyHold();
	}

	/** A {@code SCAN MATCH} pattern of every payment attempt's claim of every concert. */
	public static String everyClaim() {
		return SeatKeys.everyClaim();
	}

	/** What every seat key starts with, up to its hash tag: no answer to a client may show it. */
	public static String keyStart() {
		String hold = SeatKeys.everyHold();
		return hold.substring(0, hold.indexOf('{') + 1);
	}

}
