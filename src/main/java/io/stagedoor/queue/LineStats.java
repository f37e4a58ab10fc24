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
		this.latest.put(tick.concertId(), new Snapshot(tick.waiting(), tick.active(), tick.admittedPerSecond()));
	}

	Snapshot of(long concertId) {
		return this.latest.get(concertId);
	}

	/** @param admittedPerSecond the measured rate, negative when unknown */
	record Snapshot(long waiting, long active, double admittedPerSecond) {
	}

}
