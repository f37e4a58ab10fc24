package io.stagedoor.queue;

import reactor.core.publisher.Mono;

import org.springframework.modulith.NamedInterface;

/**
 * The durable proof that a token was spent, asked before an entry Redis lost is put back: a spent
 * token stays refused even after Redis lost everything. Implemented by the payment feature (a
 * payment's token id is in the database); the only way a token is spent.
 */
@NamedInterface("entries")
public interface SpentTokens {

	/** Whether a payment spent the token id (committed). */
	Mono<Boolean> spent(String tokenId);

}
