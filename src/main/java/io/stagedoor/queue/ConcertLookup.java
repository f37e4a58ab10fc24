package io.stagedoor.queue;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What the queue needs to know of concerts, given by the concert feature: the queue sits under
 * every other feature (its gate guards their endpoints), so it depends on this interface only.
 */
public interface ConcertLookup {

	Mono<Boolean> exists(long concertId);

	/** The concerts whose lines the promotion tick runs. */
	Flux<Long> concertIds();

}
