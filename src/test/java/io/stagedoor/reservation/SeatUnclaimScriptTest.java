package io.stagedoor.reservation;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code seat-unclaim.lua}: a failed payment attempt gives its claims back. */
class SeatUnclaimScriptTest extends SeatScriptTest {

	private final UUID user = UUID.randomUUID();

	private final UUID attempt = UUID.randomUUID();

	private long unclaim(UUID attempt, int seat, UUID reservation, long expiresAt) {
		return runLong(UNCLAIM, List.of(hold(seat), claim(reservation)), attempt, reservation, expiresAt);
	}

	@Test
	void aGivenBackHoldGetsItsOwnExpiryAgain() {
		UUID reservation = UUID.randomUUID();
		held(this.user, 1, reservation, 5_000);
		claimAll(this.attempt, 30_000, List.of(1), List.of(reservation));
		assertThat(unclaim(this.attempt, 1, reservation, this.now + 5_000)).isEqualTo(1);
		assertThat(value(claim(reservation))).isNull();
		assertThat(pttl(hold(1))).isBetween(1L, 5_000L);
	}

	@Test
	void aHoldWhoseExpiryPassedDuringThePaymentEndsAtOnce() {
		UUID reservation = UUID.randomUUID();
		held(this.user, 1, reservation, 5_000);
		claimAll(this.attempt, 30_000, List.of(1), List.of(reservation));
		assertThat(unclaim(this.attempt, 1, reservation, this.now - 1)).isEqualTo(1);
		assertThat(value(hold(1))).isNull();
	}

	@Test
	void anotherAttemptsClaimIsLeftAlone() {
		UUID reservation = UUID.randomUUID();
		held(this.user, 1, reservation, 5_000);
		claimAll(this.attempt, 30_000, List.of(1), List.of(reservation));
		assertThat(unclaim(UUID.randomUUID(), 1, reservation, this.now + 5_000)).isZero();
		assertThat(value(claim(reservation))).isEqualTo(this.attempt.toString());
		assertThat(pttl(hold(1))).isGreaterThan(5_000L);
	}

}
