package io.stagedoor.reservation;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code seat-release.lua}: a user gives a hold back. */
class SeatReleaseScriptTest extends SeatScriptTest {

	private final UUID user = UUID.randomUUID();

	private long release(int seat, UUID reservation) {
		return runLong(RELEASE, List.of(hold(seat), userHolds(this.user), claim(reservation)), reservation);
	}

	@Test
	void releasingTheOwnHoldFreesTheSeatAndTheLimit() {
		UUID reservation = UUID.randomUUID();
		held(this.user, 3, reservation, HOLD_TTL);
		assertThat(release(3, reservation)).isEqualTo(1);
		assertThat(value(hold(3))).isNull();
		assertThat(this.redis.opsForZSet().size(userHolds(this.user)).block()).isZero();
	}

	@Test
	void aStaleReleaseLeavesTheNextHoldersHoldAlone() {
		UUID mine = UUID.randomUUID();
		UUID theirs = UUID.randomUUID();
		held(UUID.randomUUID(), 3, theirs, HOLD_TTL);
		assertThat(release(3, mine)).as("already gone is fine").isEqualTo(1);
		assertThat(value(hold(3))).isEqualTo(theirs.toString());
	}

	@Test
	void aHoldAPaymentHasClaimedIsNotReleased() {
		UUID reservation = UUID.randomUUID();
		held(this.user, 3, reservation, HOLD_TTL);
		claimAll(UUID.randomUUID(), 30_000, List.of(3), List.of(reservation));
		assertThat(release(3, reservation)).isEqualTo(-1);
		assertThat(value(hold(3))).isEqualTo(reservation.toString());
	}

}
