package io.stagedoor.queue;

import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;

import io.stagedoor.security.QueueToken;
import io.stagedoor.support.LuaScripts;
import io.stagedoor.web.RejectedException;
import io.stagedoor.web.Rejection;

import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Component;

/**
 * The gate every endpoint behind the queue passes: is the token's entry still live, and is it
 * active where the endpoint needs that. Always asks Redis, and counts as a use of the entry.
 */
@NamedInterface("gate")
@Component
public class QueueGate {

	private final QueueLine line;

	private final Reseats reseats;

	QueueGate(QueueLine line, Reseats reseats) {
		this.line = line;
		this.reseats = reseats;
	}

	/**
	 * The caller of a live entry, waiting or active; an entry Redis lost is put back first
	 * ({@link Reseats}).
	 */
	public Mono<Caller> live(QueueToken token) {
		return this.line.check(token, null)
			.flatMap(found -> this.reseats.settle(token, found))
			.map(standing -> caller(token, standing));
	}

	/**
	 * Runs a script behind the gate in one Redis call: the gate's keys and arguments go after the
	 * script's own, and a token the gate finds not active is refused as {@link #active} refuses it
	 * (TOKEN_EXPIRED, or QUEUE_NOT_ACTIVE with the place). Counts as a use of the entry. An entry
	 * Redis lost is put back in the waiting line ({@link Reseats}), so it is refused with its place.
	 * @return the script's own answer, given only when the entry was active
	 */
	public Mono<List<Object>> run(GatedScript script, QueueToken token, List<String> keys, List<Object> args) {
		return this.line.gated(script.script, token, keys, args).flatMap(reply -> {
			if (LuaScripts.longAt(reply, 0) != GatedScript.REFUSED) {
				return Mono.just(reply);
			}
			QueueLine.Standing found = QueueLine.Standing.of(LuaScripts.longAt(reply, 2), LuaScripts.longAt(reply, 3));
			return this.reseats.settle(token, found).map(standing -> {
				requireActive(caller(token, standing));
				// a lost entry is put back waiting, never active: this is not reached
				throw new IllegalStateException("the gate refused an active entry");
			});
		});
	}

	/**
	 * A refusal that comes after the gate's own: a dead or waiting token is told so first (as when
	 * the gate runs before the endpoint), an active one gets {@code refusal}.
	 */
	public <T> Mono<T> refuseAfterGate(QueueToken token, Throwable refusal) {
		return active(token).then(Mono.error(refusal));
	}

	/** The caller of an active entry; a waiting one is refused with its position. */
	public Mono<Caller> active(QueueToken token) {
		return live(token).map(QueueGate::requireActive);
	}

	static Caller requireActive(Caller caller) {
		if (caller.state() == QueueState.PRE_QUEUE) {
			throw new RejectedException(Rejection.QUEUE_NOT_ACTIVE,
					"the line opens at " + caller.opensAt() + "; this needs an active token",
					Map.of("queueStatus", QueueState.PRE_QUEUE.name(), "opensAt", caller.opensAt().toString()), null);
		}
		if (caller.state() != QueueState.ACTIVE) {
			throw new RejectedException(Rejection.QUEUE_NOT_ACTIVE,
					"still waiting in line at position " + caller.position() + "; this needs an active token",
					Map.of("position", caller.position()), null);
		}
		return caller;
	}

	static Caller caller(QueueToken token, QueueLine.Standing standing) {
		if (!standing.live()) {
			throw expired();
		}
		boolean preQueue = standing.state() == QueueState.PRE_QUEUE;
		return new Caller(token, standing.state(), standing.position(), preQueue ? null : standing.at(),
				preQueue ? standing.at() : null);
	}

	/** The answer for a token whose entry is no longer live. */
	public static RejectedException expired() {
		return new RejectedException(Rejection.TOKEN_EXPIRED,
				"this queue entry has ended (left, idle, timed out or spent); take a new token to enter again");
	}

}
