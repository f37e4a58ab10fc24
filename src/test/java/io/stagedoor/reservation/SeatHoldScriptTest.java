package io.stagedoor.reservation;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.stagedoor.queue.TestLines;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code seat-hold.lua}: a hold, taken behind the gate ({@code gate.lua}) in the same call. */
class SeatHoldScriptTest extends SeatScriptTest {

	private static final long ACTIVE_TTL = 120_000;

	@BeforeEach
	void soldMarkersLoaded() {
		TestLines.allKeys(this.concert).forEach(this::key);
		key(SeatKeys.soldLoaded(this.concert));
		loadSold("");
	}

	/** A user with an active entry: their token id. */
	private String active(UUID user) {
		return TestLines.admit(this.redis, this.concert, user, this.now, ACTIVE_TTL);
	}

	private List<Object> take(UUID user, String tokenId, int seat, UUID reservation, int maxHolds, long at) {
		List<String> keys = new ArrayList<>(List.of(hold(seat), userHolds(user), sold(), SeatKeys.soldLoaded(this.concert)));
		keys.addAll(TestLines.gateKeys(this.concert));
		return run(HOLD, keys, reservation, HOLD_TTL, maxHolds, seat, at, user, tokenId, ACTIVE_TTL);
	}

	@Test
	void aFreeSeatGoesToTheFirstAndIsRefusedToTheSecond() {
		UUID first = UUID.randomUUID();
		UUID second = UUID.randomUUID();
		String firstToken = active(first);
		String secondToken = active(second);
		UUID reservation = UUID.randomUUID();
		assertThat(take(first, firstToken, 5, reservation, 4, this.now)).containsExactly(1L, this.now);
		assertThat(take(second, secondToken, 5, UUID.randomUUID(), 4, this.now)).containsExactly(-1L, this.now);
		assertThat(value(hold(5))).isEqualTo(reservation.toString());
		assertThat(pttl(hold(5))).isBetween(HOLD_TTL - 5_000, HOLD_TTL);
	}

	@Test
	void theHoldLimitRefusesOneSeatMore() {
		UUID user = UUID.randomUUID();
		String token = active(user);
		assertThat(take(user, token, 1, UUID.randomUUID(), 2, this.now).get(0)).isEqualTo(1L);
		assertThat(take(user, token, 2, UUID.randomUUID(), 2, this.now).get(0)).isEqualTo(1L);
		assertThat(take(user, token, 3, UUID.randomUUID(), 2, this.now)).containsExactly(-2L, this.now);
		assertThat(value(hold(3))).isNull();
	}

	@Test
	void aLapsedHoldNoLongerCountsTowardsTheLimit() {
		UUID user = UUID.randomUUID();
		String token = active(user);
		take(user, token, 1, UUID.randomUUID(), 1, this.now);
		assertThat(take(user, token, 2, UUID.randomUUID(), 1, this.now + HOLD_TTL - 1).get(0)).isEqualTo(-2L);
		assertThat(take(user, token, 2, UUID.randomUUID(), 1, this.now + HOLD_TTL).get(0)).isEqualTo(1L);
	}

	@Test
	void aSoldSeatIsNeverHeld() {
		UUID user = UUID.randomUUID();
		loadSold("7,8");
		assertThat(take(user, active(user), 7, UUID.randomUUID(), 4, this.now)).containsExactly(-1L, this.now);
		assertThat(value(hold(7))).isNull();
	}

	@Test
	void noSeatIsHeldWhileTheSoldMarkersAreNotLoaded() {
		UUID user = UUID.randomUUID();
		String token = active(user);
		this.redis.delete(SeatKeys.soldLoaded(this.concert)).block();
		assertThat(take(user, token, 1, UUID.randomUUID(), 4, this.now)).containsExactly(-3L, this.now);
	}

	@Test
	void aTokenWithoutAnActiveEntryHoldsNothingAndGetsTheGatesAnswer() {
		UUID user = UUID.randomUUID();
		String token = active(user);
		assertThat(take(user, "not-" + token, 1, UUID.randomUUID(), 4, this.now)).containsExactly(-4L, this.now, 0L,
				0L);
		assertThat(take(user, token, 1, UUID.randomUUID(), 4, this.now + ACTIVE_TTL))
			.as("the entry lapsed at its own time")
			.containsExactly(-4L, this.now + ACTIVE_TTL, 0L, 0L);
		assertThat(value(hold(1))).isNull();
	}

	@Test
	void holdingASeatIsUseThatStartsTheActiveTimeAgain() {
		UUID user = UUID.randomUUID();
		String token = active(user);
		take(user, token, 1, UUID.randomUUID(), 4, this.now + 60_000);
		List<String> gate = TestLines.gateKeys(this.concert);
		assertThat(this.redis.opsForZSet().score(gate.get(1), user.toString()).block())
			.isEqualTo((double) (this.now + 60_000 + ACTIVE_TTL));
	}

}
