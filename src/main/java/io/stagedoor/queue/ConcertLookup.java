package io.stagedoor.queue;

import java.time.Instant;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.modulith.NamedInterface;

/**
 * What the queue needs to know of concerts, given by the concert feature: the queue sits under
 * every other feature (its gate guards their endpoints), so it depends on this interface only.
 */
@NamedInterface("concerts")
public interface ConcertLookup {

	Mono<Boolean> exists(long concertId);

	/** The concert's sale, or empty when there is no such concert. */
	Mono<Sale> sale(long concertId);

	/** The concerts whose lines the promotion tick runs. */
	Flux<Long> concertIds();

	/**
	 * @param opensAt when the line opens; {@code null} when it is open from the start
	 */
	record Sale(long concertId, String title, Instant opensAt) {

		public long opensAtMillis() {
			return (this.opensAt == null) ? 0 : this.opensAt.toEpochMilli();
		}

	}

}
