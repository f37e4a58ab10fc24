package io.stagedoor.support;

import org.springframework.stereotype.Component;

/**
 * Seeds {@link RandomIds} while the application starts, on the main thread: seeding reads the
 * operating system's entropy, which must not happen on an event-loop thread.
 */
@Component
class RandomIdsWarmUp {

	RandomIdsWarmUp() {
		RandomIds.uuid();
	}

}
