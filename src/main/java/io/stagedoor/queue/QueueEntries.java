package io.stagedoor.queue;

import java.util.List;
import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.stagedoor.security.QueueToken;

import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Component;

/**
 * Ends entries and tells the {@link EntryEndedListener}s, so a dying entry's holds go with it,
 * whichever way it died: left, lapsed, or spent by a payment.
 */
@NamedInterface("entries")
@Component
public class QueueEntries {

	private final QueueLine line;

	private final List<EntryEndedListener> listeners;

	private final QueueMetrics metrics;

	QueueEntries(QueueLine line, List<EntryEndedListener> listeners, QueueMetrics metrics) {
		this.metrics = metrics;
		this.line = line;
		this.listeners = listeners;
	}

	/**
	 * Spends a paid token: its next use answers {@code TOKEN_EXPIRED} and its active slot goes to
	 * the next in line at the next tick. Idempotent.
	 */
	public Mono<Void> spend(QueueToken token) {
		return this.line.leave(token, false)
			.flatMap(was -> (was == 0) ? Mono.<Void>empty()
					: ended(token.concertId(), List.of(token.userId()), EntryEndedListener.Ending.SPENT));
	}

	/** Ends the token's live entry; false when it was not live. */
	Mono<Boolean> leave(QueueToken token) {
		return this.line.leave(token, true)
			.doOnNext(was -> {
				if (was != 0) {
					this.metrics.left(token.concertId());
				}
			})
			.flatMap(was -> (was == 0) ? Mono.just(false)
					: ended(token.concertId(), List.of(token.userId()), EntryEndedListener.Ending.LEFT).thenReturn(true));
	}

	Mono<Void> ended(long concertId, List<UUID> users, EntryEndedListener.Ending ending) {
		return Flux.fromIterable(this.listeners).concatMap(l -> l.entriesEnded(concertId, users, ending)).then();
	}

}
