package io.stagedoor.queue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs every concert's promotion each {@code stagedoor.queue.tick} on every instance. The script
 * itself makes the extra calls of the other instances do nothing, so no leader is needed and a
 * dead instance stops nothing. Entries that lapsed in a run have their holds released here. Where
 * Redis has no runtime controls for a concert (a fresh Redis), they are loaded from the database
 * first: the script admits nobody until then.
 */
@Component
class PromotionTicker {

	private static final Logger log = LoggerFactory.getLogger(PromotionTicker.class);

	private final QueueLine line;

	private final ConcertLookup concerts;

	private final LineStats stats;

	private final QueueMetrics metrics;

	private final QueueEntries entries;

	private final LineOperations operations;

	PromotionTicker(QueueLine line, ConcertLookup concerts, LineStats stats, QueueMetrics metrics, QueueEntries entries,
			LineOperations operations) {
		this.operations = operations;
		this.line = line;
		this.concerts = concerts;
		this.stats = stats;
		this.metrics = metrics;
		this.entries = entries;
	}

	@Scheduled(fixedRateString = "${stagedoor.queue.tick:1s}", initialDelayString = "${stagedoor.queue.tick:1s}")
	Mono<Void> tick() {
		return this.concerts.concertIds()
			.flatMap(this::promote, 4)
			.then()
			.onErrorResume(ex -> {
				log.warn("Promotion tick skipped: {}", ex.toString());
				return Mono.empty();
			});
	}

	Mono<Void> promote(long concertId) {
		return this.line.promote(concertId, null)
			// a fresh Redis has no controls: load them from the database and run this tick after all
			.flatMap(tick -> tick.loaded() ? Mono.just(tick)
					: this.operations.loadControls(concertId).then(this.line.promote(concertId, null)))
			.doOnNext(this.stats::record)
			.doOnNext(this.metrics::record)
			.flatMap(tick -> tick.lapsed().isEmpty() ? Mono.<Void>empty()
					: this.entries.ended(concertId, tick.lapsed(), EntryEndedListener.Ending.LAPSED))
			.onErrorResume(ex -> {
				log.warn("Promotion of concert {} failed this tick: {}", concertId, ex.toString());
				return Mono.empty();
			});
	}

}
