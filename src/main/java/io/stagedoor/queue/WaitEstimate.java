package io.stagedoor.queue;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long a waiting user will wait, and when to ask again.
 * <p>
 * The ETA divides the position by the admission rate measured over the last minute in Redis (the
 * same for every instance). Before there is a measurement it uses what the line can do: the full
 * admission speed while slots are free, else the slowest turnover there can be (every active slot
 * frees by {@code active-max}), so the first ETA errs long, not short.
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

	static WaitEstimate waiting(long position, LineStats.Snapshot line, QueueProperties properties) {
		return waiting(position, admissionsPerSecond(line, properties), properties);
	}

	/** The estimate of a position at a known admission rate (see {@link #admissionsPerSecond}). */
	static WaitEstimate waiting(long position, double admissionsPerSecond, QueueProperties properties) {
		long seconds = seconds(position, admissionsPerSecond);
		return new WaitEstimate(seconds, pollAfter(seconds * 1000 / 10, properties));
	}

	/** The wait of a position at an admission rate: what an entry is told, and what ETA truth checks. */
	static long seconds(long position, double admissionsPerSecond) {
		return (long) Math.ceil(position / admissionsPerSecond);
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
	 * The admission rate behind an estimate: the measured one, else what the line can do with its
	 * current limits (the operators' runtime controls where set).
	 */
	static double admissionsPerSecond(LineStats.Snapshot line, QueueProperties properties) {
		if (line != null && line.admittedPerSecond() > 0) {
			return line.admittedPerSecond();
		}
		int maxActive = (line != null && line.maxActive() > 0) ? line.maxActive() : properties.maxActive();
		int perTick = (line != null && line.admitPerTick() > 0) ? line.admitPerTick() : properties.admitPerTick();
		if (line == null || line.active() < maxActive) {
			return perTick * 1000.0 / properties.tick().toMillis();
		}
		return Math.max(maxActive / (double) properties.activeMax().toSeconds(), 1e-3);
	}

}
