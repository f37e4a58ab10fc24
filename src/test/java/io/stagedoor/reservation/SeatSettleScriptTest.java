package io.stagedoor.reservation;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code seat-settle.lua}: Redis brought in line with a committed payment (idempotent). */
class SeatSettleScriptTest extends SeatScriptTest {

	private final UUID user = UUID.randomUUID();

	private long settle(List<Integer> seats, List<UUID> reservations) {
		List<String> keys = new ArrayList<>();
		List<Object> args = new ArrayList<>();
		for (int i = 0; i < seats.size(); i++) {
			keys.add(hold(seats.get(i)));
			keys.add(claim(reservations.get(i)));
			keys.add(sold());
			args.add(reservations.get(i));
			args.add(seats.get(i));
		}
		keys.add(userHolds(this.user));
		return runLong(SETTLE, keys, args.toArray());
	}

	@Test
	void settledSeatsAreSoldForGoodAndTheirHoldsAndClaimsGo() {
		List<UUID> reservations = List.of(UUID.randomUUID(), UUID.randomUUID());
		held(this.user, 4, reservations.get(0), HOLD_TTL);
		held(this.user, 5, reservations.get(1), HOLD_TTL);
		claimAll(UUID.randomUUID(), 30_000, List.of(4, 5), reservations);
		assertThat(settle(List.of(4, 5), reservations)).isEqualTo(2);
		assertThat(this.redis.opsForSet().members(sold()).collectList().block()).containsExactlyInAnyOrder("4", "5");
		assertThat(value(hold(4))).isNull();
		assertThat(value(claim(reservations.get(1)))).isNull();
		assertThat(this.redis.opsForZSet().size(userHolds(this.user)).block()).isZero();
	}

	@Test
	void settlingAgainAfterACrashChangesNothing() {
		List<UUID> reservations = List.of(UUID.randomUUID());
		held(this.user, 4, reservations.get(0), HOLD_TTL);
		settle(List.of(4), reservations);
		assertThat(settle(List.of(4), reservations)).isEqualTo(1);
		assertThat(this.redis.opsForSet().members(sold()).collectList().block()).containsExactly("4");
	}

	@Test
	void aHoldTakenSinceForAnotherReservationIsLeftAlone() {
		UUID paid = UUID.randomUUID();
		UUID other = UUID.randomUUID();
		held(UUID.randomUUID(), 4, other, HOLD_TTL);
		settle(List.of(4), List.of(paid));
		assertThat(value(hold(4))).isEqualTo(other.toString());
		assertThat(this.redis.opsForSet().isMember(sold(), "4").block()).isTrue();
	}

}
