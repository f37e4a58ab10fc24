package io.stagedoor.queue;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * {@code stagedoor_queue_waiting} and {@code stagedoor_queue_active} (gauges) and
 * {@code stagedoor_queue_admitted_total} (counter of the admissions this instance's ticks made), each
 * with a {@code concert} tag.
 */
@Component
class QueueMetrics {

	private final MeterRegistry registry;

	private final LineStats stats;

	private final Map<Long, Counter> admitted = new ConcurrentHashMap<>();

	QueueMetrics(MeterRegistry registry, LineStats stats) {
		this.registry = registry;
		this.stats = stats;
	}

	void record(QueueLine.Tick tick) {
		Counter counter = this.admitted.computeIfAbsent(tick.concertId(), this::register);
		if (tick.ran()) {
			counter.increment(tick.admitted().size());
		}
	}

	private Counter register(long concertId) {
		String concert = Long.toString(concertId);
		Gauge.builder("stagedoor.queue.waiting", this.stats, s -> figure(s, concertId, true))
			.description("users waiting in the line")
			.tag("concert", concert)
			.register(this.registry);
		Gauge.builder("stagedoor.queue.active", this.stats, s -> figure(s, concertId, false))
			.description("users admitted and active")
			.tag("concert", concert)
			.register(this.registry);
		// the holds' and payments' series exist from the first tick, so a scrape never misses a name
		this.registry.counter("stagedoor.holds", "concert", concert, "outcome", "held");
		this.registry.counter("stagedoor.payments", "concert", concert, "outcome", "completed");
		return Counter.builder("stagedoor.queue.admitted")
			.description("users admitted from the line")
			.tag("concert", concert)
			.register(this.registry);
	}

	private static double figure(LineStats stats, long concertId, boolean waiting) {
		LineStats.Snapshot snapshot = stats.of(concertId);
		if (snapshot == null) {
			return 0;
		}
		return waiting ? snapshot.waiting() : snapshot.active();
	}

}
