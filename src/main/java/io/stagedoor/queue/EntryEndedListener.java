package io.stagedoor.queue;

import java.util.List;
import java.util.UUID;

import reactor.core.publisher.Mono;

import org.springframework.modulith.NamedInterface;

/**
 * Told when entries die, so what they held can go: API.md says a dying entry's unpaid holds are
 * released at once. Implemented by the reservation feature.
 */
@NamedInterface("entries")
public interface EntryEndedListener {

	Mono<Void> entriesEnded(long concertId, List<UUID> users, Ending ending);

	/** Why an entry ended. */
	enum Ending {

		/** The user left the line or gave the active slot back. */
		LEFT,
		/** Its active time ran out. */
		LAPSED,
		/** A payment spent its token. */
		SPENT

	}

}
