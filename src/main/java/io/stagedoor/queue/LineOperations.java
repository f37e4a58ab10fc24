package io.stagedoor.queue;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.stagedoor.web.RejectedException;

import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Service;

/**
 * What the operators of a sale see of a concert's line and how they steer it (the admin API's
 * queue side). A change is stored durably with who made it, then written to Redis, where every
 * instance's next tick and every issuance read it.
 */
@NamedInterface("operations")
@Service
public class LineOperations {

	private static final Logger log = LoggerFactory.getLogger(LineOperations.class);

	private final QueueLine line;

	private final LineControlStore store;

	private final ConcertLookup concerts;

	private final LineStats stats;

	private final LineWatch watch;

	private final QueueProperties properties;

	private final Clock clock;

	LineOperations(QueueLine line, LineControlStore store, ConcertLookup concerts, LineStats stats, LineWatch watch,
			QueueProperties properties, Clock clock) {
		this.line = line;
		this.store = store;
		this.concerts = concerts;
		this.stats = stats;
		this.watch = watch;
		this.properties = properties;
		this.clock = clock;
	}

	/** Every concert's line. */
	public Flux<LineView> views() {
		return this.concerts.concertIds().concatMap(this::view);
	}

	/** A concert's line: the controls in force as Redis holds them and the figures of the latest tick (at most one tick old); 404 for no such concert. */
	public Mono<LineView> view(long concertId) {
		return sale(concertId).flatMap(sale -> Mono
			.zip(this.line.counts(concertId), this.line.controls(concertId).defaultIfEmpty(LineControls.DEFAULTS))
			.map(figures -> view(sale, figures.getT1(), figures.getT2())));
	}

	private LineView view(ConcertLookup.Sale sale, Map<String, Long> counts, LineControls controls) {
		LineStats.Snapshot s = this.stats.of(sale.concertId());
		Instant now = this.clock.instant();
		boolean preQueue = sale.opensAt() != null && now.isBefore(sale.opensAt());
		long waiting = (s != null) ? s.waiting() : 0;
		Long etaAtBack = (preQueue || waiting == 0) ? null
				: WaitEstimate.waiting(waiting, s, this.properties).seconds();
		Double rate = (s != null && s.admittedPerSecond() >= 0) ? s.admittedPerSecond() : null;
		return new LineView(sale.concertId(), sale.title(), sale.opensAt(), preQueue, controls.paused(),
				controls.draining(),
				(controls.maxActive() != null) ? controls.maxActive() : this.properties.maxActive(),
				(controls.admitPerTick() != null) ? controls.admitPerTick() : this.properties.admitPerTick(), waiting,
				(s != null) ? s.active() : 0, rate, etaAtBack, counts.getOrDefault("admitted", 0L),
				new Abandoned(counts.getOrDefault("idle", 0L), counts.getOrDefault("left", 0L),
						counts.getOrDefault("lapsed", 0L)),
				this.watch.followed(sale.concertId()), now);
	}

	/** Applies an operator's change, records who made it, and answers the line as it now is. */
	public Mono<LineView> change(long concertId, ControlChange change, String actor, String address) {
		return sale(concertId).flatMap(sale -> this.store.change(concertId, change, actor, address, this.clock.instant())
			.flatMap(controls -> this.line.setControls(concertId, controls, sale.opensAtMillis())
				.then(Mono.fromRunnable(() -> log.info("Operator {} ({}) changed concert {}: {} -> in force {}", actor,
						address, concertId, change.describe(), controls))))
			.then(view(concertId)));
	}

	/** The latest recorded changes, newest first. */
	public Flux<AuditEntry> audit(Long concertId, int limit) {
		return this.store.audit(concertId, limit);
	}

	/** Loads a concert's controls from the database into Redis (a fresh Redis has none). */
	Mono<Void> loadControls(long concertId) {
		return this.concerts.sale(concertId)
			.map(ConcertLookup.Sale::opensAtMillis)
			.defaultIfEmpty(0L)
			.flatMap(opensAt -> this.store.load(concertId)
				.flatMap(controls -> this.line.setControls(concertId, controls, opensAt)));
	}

	private Mono<ConcertLookup.Sale> sale(long concertId) {
		return this.concerts.sale(concertId)
			.switchIfEmpty(Mono.error(() -> RejectedException.notFound("no concert " + concertId)));
	}

	/**
	 * A concert's line for its operators.
	 *
	 * @param opensAt when the line opens ({@code null}: open from the start)
	 * @param preQueue true before the open: arrivals wait in the pre-queue
	 * @param maxActive the limit in force; {@code admitPerTick} likewise
	 * @param waiting in line, the pre-queue included; {@code active} admitted and not yet gone
	 * @param admittedPerSecond measured over the last minute; {@code null} before any measurement
	 * @param etaAtBackSeconds the wait a user arriving now would be told; {@code null} when nobody waits
	 * @param admittedTotal admissions since the line began, across every instance
	 * @param abandoned entries that ended without buying, by why
	 * @param streams open event streams on the instance that answered
	 * @param at when these figures were read
	 */
	public record LineView(long concertId, String title, Instant opensAt, boolean preQueue, boolean paused,
			boolean draining, int maxActive, int admitPerTick, long waiting, long active, Double admittedPerSecond,
			Long etaAtBackSeconds, long admittedTotal, Abandoned abandoned, int streams, Instant at) {
	}

	/** One recorded change of a concert's controls: who, from where, when, what. */
	public record AuditEntry(long id, Instant at, String actor, String address, long concertId, String change) {
	}

	/** Entries that ended without buying: unseen too long, left, or active and unused too long. */
	public record Abandoned(long idle, long left, long lapsed) {
	}

}
