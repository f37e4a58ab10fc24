package io.stagedoor.security;

import java.util.UUID;

import org.springframework.modulith.NamedInterface;

/**
 * A queue token whose signature and expiry were verified: one entry of one user in one concert's
 * line. Whether the entry is still live is for the queue to say.
 *
 * @param userId the subject, the only identity
 * @param concertId the concert whose line it is
 * @param arrival the arrival number given at entry
 * @param tokenId the entry's id ({@code jti}), shared by every token string of that entry
 * @param value the signed token string itself
 */
@NamedInterface("token")
public record QueueToken(UUID userId, long concertId, long arrival, String tokenId, String value) {

	@Override
	public String toString() {
		return "QueueToken[concert=" + this.concertId + ", arrival=" + this.arrival + "]";
	}

}
