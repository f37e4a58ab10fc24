package io.stagedoor.queue;

import java.util.List;

/**
 * The one home of the queue's Redis key names. Every key of a concert carries the hash tag
 * {@code {concertId}}, so a concert's scripts stay legal on Redis Cluster.
 */
final class QueueKeys {

	private QueueKeys() {
	}

	static String tag(long concertId) {
		return "queue:{" + concertId + "}:";
	}

	/** Arrival counter ({@code INCR}): the waiting line's scores, so no two users tie. */
	static String sequence(long concertId) {
		return tag(concertId) + "seq";
	}

	/** Sorted set of waiting users scored by arrival number. */
	static String waiting(long concertId) {
		return tag(concertId) + "waiting";
	}

	/** Sorted set of active users scored by the epoch millisecond at which they lapse. */
	static String active(long concertId) {
		return tag(concertId) + "active";
	}

	/** Sorted set of waiting users scored by when they were last seen, for idle eviction. */
	static String seen(long concertId) {
		return tag(concertId) + "seen";
	}

	/** Hash user → {@code tokenId:arrival} of the user's live entry. */
	static String entries(long concertId) {
		return tag(concertId) + "entries";
	}

	/** Hash user → the epoch millisecond of the active entry's hard end ({@code active-max}). */
	static String deadlines(long concertId) {
		return tag(concertId) + "deadlines";
	}

	/** The last tick slot a promotion ran in, so several instances promote once per tick. */
	static String lastTick(long concertId) {
		return tag(concertId) + "tick";
	}

	/** List of recent {@code millis:admitted} samples: the measured admission rate. */
	static String admissions(long concertId) {
		return tag(concertId) + "admits";
	}

	/**
	 * Hash of the operators' runtime controls: {@code loaded}, {@code opensAt}, {@code paused},
	 * {@code draining}, {@code maxActive}, {@code admitPerTick} (the last two only when set).
	 */
	static String controls(long concertId) {
		return tag(concertId) + "controls";
	}

	/** Hash user → {@code enteredMs:position:ratex1000}: the wait estimate given at entry, kept until admission. */
	static String etaRecords(long concertId) {
		return tag(concertId) + "eta";
	}

	/** Hash of the line's running totals: {@code admitted}, {@code idle}, {@code lapsed}, {@code left}. */
	static String counts(long concertId) {
		return tag(concertId) + "counts";
	}

	/**
	 * Hash of the line's turnover as the ticks see it: {@code active} and {@code at} of the last run,
	 * {@code firstIn} (the first admission), {@code firstOut} (the first departure), {@code opened} (the
	 * first run that found someone waiting in the open line).
	 */
	static String turnover(long concertId) {
		return tag(concertId) + "turnover";
	}

	/** List of recent {@code millis:departed:occupied slot-ms} samples: the measured stay in the active set. */
	static String departures(long concertId) {
		return tag(concertId) + "departs";
	}

	/**
	 * Sorted set token id → the epoch millisecond its entry ended (left, idle, lapsed, spent): what
	 * tells an ended token from one whose entry Redis lost, which is re-seated. Trimmed by the tick
	 * to the token lifetime and a most count (see queue-promote.lua), so its memory is bounded.
	 */
	static String ended(long concertId) {
		return tag(concertId) + "ended";
	}

	/** The keys of an entry's state, in the order every entry script declares them. */
	static List<String> entryKeys(long concertId) {
		return List.of(waiting(concertId), active(concertId), seen(concertId), entries(concertId), deadlines(concertId));
	}

}
