package io.stagedoor.payment;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A completed payment of one or more holds, from the balance. */
record Payment(UUID id, UUID userId, long concertId, long amount, String status, String tokenId, Instant paidAt,
		List<UUID> reservationIds) {

	static final String COMPLETED = "COMPLETED";

}
