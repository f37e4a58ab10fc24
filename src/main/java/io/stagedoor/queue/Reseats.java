package io.stagedoor.queue;

import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.stagedoor.security.QueueToken;

import org.springframework.stereotype.Component;

/**
 * Puts back entries Redis lost (writes lost in a failover, a flushed or replaced Redis): when the
 * gate answers that it does not know a token's entry and the token is not recorded as ended, the
 * token's user goes back in line at the arrival number the signed token carries (queue-reseat.lua),
 * and the call is answered as if the entry had been there. Only on that rare path is the database
 * asked whether a payment spent the token; the gate's hot path stays one Redis call.
 * <p>
 * Why a spent token can never come back: a payment commits its row (token id, unique) before it
 * spends the token in Redis, and spending records the token id as ended even when Redis does not
 * know its entry (queue-leave.lua). The database is read before the re-seat script runs, and the
 * script refuses a token recorded as ended. So either the commit came before the read (the read sees
 * it: refused, and recorded as ended), or the spend came before the script (the record refuses it),
 * or the script came before the spend (the spend then ends the entry it put back, as any spend does).
 */
@Component
class Reseats {

	private final QueueLine line;

	private final List<SpentTokens> spentTokens;

	private final QueueMetrics metrics;

	Reseats(QueueLine line, List<SpentTokens> spentTokens, QueueMetrics metrics) {
		this.line = line;
		this.spentTokens = spentTokens;
		this.metrics = metrics;
	}

	/** The standing the gate found, or, when the entry was missing, the standing after re-seating it. */
	Mono<QueueLine.Standing> settle(QueueToken token, QueueLine.Standing found) {
		return found.missing() ? reseat(token) : Mono.just(found);
	}

	/** Puts back the token's lost entry unless it was spent or ended; where it stands after. */
	Mono<QueueLine.Standing> reseat(QueueToken token) {
		return spent(token.tokenId()).flatMap(spent -> this.line.reseat(token, spent, null)).map(outcome -> {
			if (outcome.reseated()) {
				this.metrics.reseated(token.concertId());
			}
			return outcome.standing();
		});
	}

	private Mono<Boolean> spent(String tokenId) {
		return Flux.fromIterable(this.spentTokens).concatMap(s -> s.spent(tokenId)).any(Boolean::booleanValue);
	}

}
