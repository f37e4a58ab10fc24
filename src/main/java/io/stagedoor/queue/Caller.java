package io.stagedoor.queue;

import java.time.Instant;
import java.util.UUID;

import io.stagedoor.security.QueueToken;

import org.springframework.modulith.NamedInterface;

/**
 * The verified caller of an endpoint behind the gate: a live entry of one user in one concert's
 * line. Controllers take it as a parameter; {@link ActiveEntry} on it asks for an active entry.
 *
 * @param token the verified token
 * @param state waiting, active or in the pre-queue
 * @param position 1-based place among the waiting, 0 when active
 * @param activeUntil when an active entry lapses unless used again, {@code null} while waiting
 * @param opensAt when the line opens, while the entry is in the pre-queue ({@code null} otherwise)
 */
@NamedInterface("caller")
public record Caller(QueueToken token, QueueState state, long position, Instant activeUntil, Instant opensAt) {

	public UUID userId() {
		return this.token.userId();
	}

	public long concertId() {
		return this.token.concertId();
	}

}
