package io.stagedoor.queue;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long a waiting user will wait, and when to ask again.
 * <p>
 * A user waits for slots to free up. The estimate is built from a {@link Pace}: the slots free now
 * (filled at the next ticks, {@code admit-per-tick} a tick) and the pace at which the active set
 * frees and refills slots, {@code max-active} / (the mean stay in it + half a tick, as a freed slot
 * waits for the next tick to be filled). The mean stay is what the line measured in Redis (the same
 * for every instance) over its newest departures (up to 100, or the last minute), counted once a
 * fifth of the set has left: the slot-time the set was occupied / the departures (leaves, payments,
 * lapses). Until that says much,
 * it is blended with a prior: the configured {@code expected-stay} (unset: a tick), or the time from the first
 * admission until a fifth of the set had left where that is longer (before: the time since the first
 * admission). The prior weighs as half a second of a full set's measurement, less as departures are
 * measured and nothing from 30 on, so a wrong prior fades within seconds of the first departures.
 * <p>
 * Pollers are spread out: about ten polls over the remaining wait, between 1 s near the front and
 * 12 s far back, plus up to a quarter more at random, so 50,000 pollers never arrive in lockstep.
 * However far back, a client that waits its {@code pollAfterMs} is never dropped as idle: the
 * longest wait (jitter included) stays under half of {@code idle-timeout}.
 *
 * @param seconds the expected wait, {@code 0} when active
 * @param pollAfterMs when a polling client should ask again
 */
record WaitEstimate(long seconds, long pollAfterMs) {

	static final long MIN_POLL_MS = 1_000;

	static final long MAX_POLL_MS = 12_000;

	static final long ACTIVE_POLL_MS = 10_000;

	static WaitEstimate active() {
		return new WaitEstimate(0, ACTIVE_POLL_MS);
	}

	/** What the prior weighs: this much of a full set's occupied time, in ms per active slot. */
	static final long PRIOR_WEIGHT_MS = 500;

	/** Departures measured at which the prior no longer counts. */
	static final long PRIOR_GONE_AT = 30;

	static WaitEstimate waiting(long position, LineStats.Snapshot line, QueueProperties properties) {
		return waiting(position, pace(line, properties), properties);
	}

	/** The estimate of a position at a known pace (see {@link #pace}). */
	static WaitEstimate waiting(long position, Pace pace, QueueProperties properties) {
		long seconds = pace.seconds(position);
		return new WaitEstimate(seconds, pollAfter(seconds * 1000 / 10, properties));
	}

	/**
	 * In the pre-queue: the time until the open, and a poll no later than it (within the same
	 * bounds), spread by the jitter so the open is not met by every client in the same millisecond.
	 */
	static WaitEstimate preQueue(Duration untilOpen, QueueProperties properties) {
		long ms = Math.max(0, untilOpen.toMillis());
		return new WaitEstimate((ms + 999) / 1000, pollAfter(ms, properties));
	}

	private static long pollAfter(long wanted, QueueProperties properties) {
		long longest = Math.max(1, Math.min(MAX_POLL_MS, properties.idleTimeout().toMillis() / 3));
		long shortest = Math.min(MIN_POLL_MS, longest);
		long base = Math.max(shortest, Math.min(longest, wanted));
		long jitter = ThreadLocalRandom.current().nextLong(base / 4 + 1);
		return base + jitter;
	}

	/**
	 * The pace behind an estimate: the limits in force (the operators' runtime controls where set),
	 * the slots free at the latest tick, and the slots freed per second by a full active set.
	 */
	static Pace pace(LineStats.Snapshot line, QueueProperties properties) {
		int maxActive = (line != null && line.maxActive() > 0) ? line.maxActive() : properties.maxActive();
		int perTick = (line != null && line.admitPerTick() > 0) ? line.admitPerTick() : properties.admitPerTick();
		long tickMs = properties.tick().toMillis();
		long free = (line == null) ? maxActive : Math.max(0, maxActive - line.active());
		QueueLine.Turnover turnover = (line == null) ? QueueLine.Turnover.NONE : line.turnover();
		double stayMs = stayMs(turnover, maxActive, Math.max(properties.expectedStay().toMillis(), tickMs));
		double fillPerSecond = perTick * 1000.0 / tickMs;
		return new Pace(Math.min(fillPerSecond, maxActive * 1000.0 / (stayMs + tickMs / 2.0)), free, perTick, tickMs);
	}

	/**
	 * The mean stay in the active set: the measured one (occupied slot-time / departures) blended with
	 * the prior, which weighs as {@link #PRIOR_WEIGHT_MS} of a full set's occupied time and fades out
	 * as the measurement reaches {@link #PRIOR_GONE_AT} departures.
	 */
	static double stayMs(QueueLine.Turnover turnover, int maxActive, long expectedStayMs) {
		double prior = Math.max(expectedStayMs, turnover.shortestStayMs());
		double weight = (double) maxActive * PRIOR_WEIGHT_MS
				* Math.max(0, 1 - turnover.departed() / (double) PRIOR_GONE_AT);
		return (turnover.occupiedMs() + weight) / (turnover.departed() + weight / prior);
	}

	/**
	 * How fast a line admits: slots free now are filled at the next ticks ({@code perTick} a tick); a
	 * position behind them waits for {@code freeingPerSecond} to free its slot, and then for a tick.
	 *
	 * @param freeingPerSecond slots a full active set frees per second (at most the fill speed)
	 * @param free slots free at the latest tick
	 */
	record Pace(double freeingPerSecond, long free, int perTick, long tickMs) {

		/** No pace: an entry given it keeps no record for ETA truth. */
		static final Pace NONE = new Pace(0, 0, 1, 1000);

		/** The wait of a position in whole seconds, at least one. */
		long seconds(long position) {
			long inFree = Math.min(position, this.free);
			// the next tick comes within a tick: half a tick on average
			double fill = (Math.ceil(inFree / (double) this.perTick) - 0.5) * this.tickMs / 1000.0;
			double wait = fill;
			if (position > this.free) {
				wait = Math.max(fill, (position - this.free) / this.freeingPerSecond + this.tickMs / 2000.0);
			}
			return Math.max(1, Math.round(wait));
		}

	}

}
