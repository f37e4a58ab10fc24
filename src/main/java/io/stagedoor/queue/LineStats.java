package io.stagedoor.queue;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * The latest figures of each concert's line as this instance's promotion calls saw them (every call
 * reports them, also the ones that found the tick taken), for the ETA and the gauges.
 */
@Component
class LineStats {

	private final Map<Long, Snapshot> latest = new ConcurrentHashMap<>();

	void record(QueueLine.Tick tick) {
		this.latest.put(tick.concertId(),
				new Snapshot(tick.waiting(), tick.active(), tick.admittedPerSecond(), tick.maxActive(),
						tick.admitPerTick(), tick.paused(), tick.draining(), tick.preQueue(), tick.turnover()));
	}

	Snapshot of(long concertId) {
		return this.latest.get(concertId);
	}

	/**
	 * @param waiting in line (the pre-queue included)
	 * @param admittedPerSecond the measured rate, negative when unknown
	 * @param maxActive the limit in force (runtime controls or the configured one), 0 when unknown
	 * @param admitPerTick the limit in force, 0 when unknown
	 * @param preQueue true while the line has not opened
	 * @param turnover the departures the line measured, behind the wait estimate
	 */
	record Snapshot(long waiting, long active, double admittedPerSecond, int maxActive, int admitPerTick,
			boolean paused, boolean draining, boolean preQueue, QueueLine.Turnover turnover) {

		Snapshot(long waiting, long active, double admittedPerSecond) {
			this(waiting, active, admittedPerSecond, 0, 0, false, false, false, QueueLine.Turnover.NONE);
		}

	}

}
