package io.stagedoor.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * The line's metrics, each with a {@code concert} tag:
 * <ul>
 * <li>gauges {@code stagedoor_queue_waiting}, {@code _active}, {@code _prequeue} (waiting before the
 * open), and the controls in force: {@code stagedoor_queue_paused} (0/1), {@code _draining},
 * {@code _max_active}, {@code _admit_per_tick};</li>
 * <li>counters {@code stagedoor_queue_admitted_total} (admissions this instance's ticks made),
 * {@code stagedoor_queue_abandoned_total} by {@code reason} (idle, left, lapsed),
 * {@code stagedoor_queue_polls_total} (status polls answered);</li>
 * <li>gauge {@code stagedoor_queue_streams}: entries followed by this instance's open event streams
 * (per instance; Prometheus adds the {@code instance} label);</li>
 * <li>ETA truth, per admitted user who was given an estimate at entry:
 * {@code stagedoor_queue_eta_error_ratio} (|estimate - real wait| / real wait, a summary with the
 * median and 90th percentile), tagged {@code cohort}: {@code open} for the users who entered within
 * the first minute of the line's open (its open time, or the first tick that found someone waiting),
 * {@code later} for the rest, so the open's own estimates are seen apart; {@code stagedoor_queue_wait_seconds} (the real waits) and
 * {@code stagedoor_queue_eta_estimate_seconds} (the estimates).</li>
 * </ul>
 */
@Component
class QueueMetrics {

	private final MeterRegistry registry;

	private final LineStats stats;

	private final LineWatch watch;

	/** Entries within this long of the line's open count in the cohort {@code open}. */
	static final Duration OPEN_COHORT = Duration.ofMinutes(1);

	private final Map<Long, Meters> meters = new ConcurrentHashMap<>();

	private final QueueProperties properties;

	QueueMetrics(MeterRegistry registry, LineStats stats, LineWatch watch, QueueProperties properties) {
		this.registry = registry;
		this.stats = stats;
		this.watch = watch;
		this.properties = properties;
	}

	/** The cohort of an entry: {@code open} within the first minute of the line's open, else {@code later}. */
	static String cohort(Instant entered, Instant opened) {
		return (opened == null || entered.isBefore(opened.plus(OPEN_COHORT))) ? "open" : "later";
	}

	void record(QueueLine.Tick tick) {
		Meters m = meters(tick.concertId());
		if (!tick.ran()) {
			return;
		}
		m.admitted.increment(tick.admitted().size());
		m.idle.increment(tick.idle());
		m.lapsed.increment(tick.lapsed().size());
		Instant opened = tick.turnover().opened();
		if (tick.opensAt() != null && (opened == null || tick.opensAt().isAfter(opened))) {
			opened = tick.opensAt();
		}
		for (QueueLine.EtaRecord record : tick.etaRecords()) {
			if (record != null) {
				long estimate = new WaitEstimate.Pace(record.rate(), record.free(), Math.max(1, tick.admitPerTick()),
						this.properties.tick().toMillis())
					.seconds(record.position());
				double real = Math.max(0, tick.now().toEpochMilli() - record.entered().toEpochMilli()) / 1000.0;
				m.estimate.record(estimate);
				m.waits.record(Duration.ofMillis(Math.round(real * 1000)));
				// a wait under a second is within the tick's own granularity: judged against one second
				double error = Math.abs(estimate - real) / Math.max(real, 1.0);
				("open".equals(cohort(record.entered(), opened)) ? m.etaErrorOpen : m.etaErrorLater).record(error);
			}
		}
	}

	void left(long concertId) {
		meters(concertId).left.increment();
	}

	void polled(long concertId) {
		meters(concertId).polls.increment();
	}

	void reseated(long concertId) {
		meters(concertId).reseats.increment();
	}

	private Meters meters(long concertId) {
		return this.meters.computeIfAbsent(concertId, this::register);
	}

	private Meters register(long concertId) {
		String concert = Long.toString(concertId);
		gauge("stagedoor.queue.waiting", "users waiting in the line (the pre-queue included)", concertId,
				s -> s.waiting());
		gauge("stagedoor.queue.active", "users admitted and active", concertId, s -> s.active());
		gauge("stagedoor.queue.prequeue", "users waiting in the pre-queue for the line to open", concertId,
				s -> s.preQueue() ? s.waiting() : 0);
		gauge("stagedoor.queue.paused", "1 while admission is paused by an operator", concertId,
				s -> s.paused() ? 1 : 0);
		gauge("stagedoor.queue.draining", "1 while the line takes no new entries", concertId,
				s -> s.draining() ? 1 : 0);
		gauge("stagedoor.queue.max.active", "the max-active limit in force", concertId, s -> s.maxActive());
		gauge("stagedoor.queue.admit.per.tick", "the admit-per-tick limit in force", concertId,
				s -> s.admitPerTick());
		Gauge.builder("stagedoor.queue.streams", this.watch, w -> w.followed(concertId))
			.description("entries followed by open event streams on this instance")
			.tag("concert", concert)
			.register(this.registry);
		// every series the dashboard and the alerts read exists from the line's first tick, at 0 on a
		// quiet sale, so a panel shows 0 rather than "No data" and rate() has a start; the holds' and
		// payments' features count into these same series (same name and tags)
		this.registry.counter("stagedoor.holds", "concert", concert, "outcome", "held");
		Counter.builder("stagedoor.holds.expired")
			.description("holds that lapsed unpaid, marked EXPIRED by the sweeper")
			.tag("concert", concert)
			.register(this.registry);
		this.registry.counter("stagedoor.payments", "concert", concert, "outcome", "completed");
		return new Meters(
				Counter.builder("stagedoor.queue.admitted")
					.description("users admitted from the line")
					.tag("concert", concert)
					.register(this.registry),
				abandoned(concert, "idle"), abandoned(concert, "left"), abandoned(concert, "lapsed"),
				Counter.builder("stagedoor.queue.polls")
					.description("status polls answered")
					.tag("concert", concert)
					.register(this.registry),
				etaError(concert, "open"), etaError(concert, "later"),
				Timer.builder("stagedoor.queue.wait")
					.description("real waits of admitted users, from entry to admission")
					.publishPercentiles(0.5, 0.9)
					.tag("concert", concert)
					.register(this.registry),
				DistributionSummary.builder("stagedoor.queue.eta.estimate")
					.description("wait estimates given at entry to the users admitted")
					.baseUnit("seconds")
					.publishPercentiles(0.5, 0.9)
					.tag("concert", concert)
					.register(this.registry),
				Counter.builder("stagedoor.queue.reseats")
					.description("entries Redis had lost, put back at the arrival number their token carries")
					.tag("concert", concert)
					.register(this.registry));
	}

	private DistributionSummary etaError(String concert, String cohort) {
		return DistributionSummary.builder("stagedoor.queue.eta.error")
			.description("|estimated - real wait| / real wait of admitted users, estimate given at entry; cohort open:"
					+ " entered within the first minute of the line's open")
			.baseUnit("ratio")
			.publishPercentiles(0.5, 0.9)
			.tag("concert", concert)
			.tag("cohort", cohort)
			.register(this.registry);
	}

	private Counter abandoned(String concert, String reason) {
		return Counter.builder("stagedoor.queue.abandoned")
			.description("entries that ended without buying")
			.tag("concert", concert)
			.tag("reason", reason)
			.register(this.registry);
	}

	private void gauge(String name, String description, long concertId,
			java.util.function.ToDoubleFunction<LineStats.Snapshot> figure) {
		Gauge.builder(name, this.stats, s -> {
			LineStats.Snapshot snapshot = s.of(concertId);
			return (snapshot == null) ? 0 : figure.applyAsDouble(snapshot);
		}).description(description).tag("concert", Long.toString(concertId)).register(this.registry);
	}

	private record Meters(Counter admitted, Counter idle, Counter left, Counter lapsed, Counter polls,
			DistributionSummary etaErrorOpen, DistributionSummary etaErrorLater, Timer waits,
			DistributionSummary estimate, Counter reseats) {
	}

}
