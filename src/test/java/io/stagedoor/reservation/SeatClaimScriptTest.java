package io.stagedoor.reservation;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code seat-claim.lua}: a payment attempt claims its holds before its transaction. */
class SeatClaimScriptTest extends SeatScriptTest {

	private final UUID user = UUID.randomUUID();

	@Test
	void aClaimedHoldOutlivesItsOwnExpiryByTheClaimTtl() {
		UUID reservation = UUID.randomUUID();
		UUID attempt = UUID.randomUUID();
		held(this.user, 1, reservation, 1_000);
		assertThat(claimAll(attempt, 30_000, List.of(1), List.of(reservation))).containsExactly(1L, 0L, this.now);
		assertThat(value(claim(reservation))).isEqualTo(attempt.toString());
		assertThat(pttl(hold(1))).isBetween(25_000L, 30_000L);
	}

	@Test
	void aLongerHoldKeepsItsOwnExpiry() {
		UUID reservation = UUID.randomUUID();
		held(this.user, 1, reservation, HOLD_TTL);
		claimAll(UUID.randomUUID(), 30_000, List.of(1), List.of(reservation));
		assertThat(pttl(hold(1))).isGreaterThan(30_000L);
	}

	@Test
	void aHoldAnotherAttemptClaimedIsRefused() {
		UUID reservation = UUID.randomUUID();
		UUID first = UUID.randomUUID();
		held(this.user, 1, reservation, HOLD_TTL);
		claimAll(first, 30_000, List.of(1), List.of(reservation));
		assertThat(claimAll(UUID.randomUUID(), 30_000, List.of(1), List.of(reservation))).containsExactly(-1L, 1L,
				this.now);
		assertThat(value(claim(reservation))).isEqualTo(first.toString());
	}

	@Test
	void oneLapsedHoldRefusesThePaymentAndClaimsNoneOfItsHolds() {
		UUID kept = UUID.randomUUID();
		UUID lapsed = UUID.randomUUID();
		held(this.user, 1, kept, HOLD_TTL);
		assertThat(claimAll(UUID.randomUUID(), 30_000, List.of(1, 2), List.of(kept, lapsed))).containsExactly(-2L, 2L,
				this.now);
		assertThat(value(claim(kept))).isNull();
	}

	@Test
	void aHoldNowHeldForAnotherReservationIsRefused() {
		held(this.user, 1, UUID.randomUUID(), HOLD_TTL);
		assertThat(claimAll(UUID.randomUUID(), 30_000, List.of(1), List.of(UUID.randomUUID()))).element(0)
			.isEqualTo(-2L);
	}

}
