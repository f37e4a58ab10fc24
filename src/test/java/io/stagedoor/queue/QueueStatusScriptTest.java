package io.stagedoor.queue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.stagedoor.ratelimit.RateLimiter;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code queue-status.lua}: the gate ({@code gate.lua}) for one or many tokens, with time given. */
class QueueStatusScriptTest extends LineScriptTest {

	@Test
	void aWaitingUserIsToldThePlaceAndCountsAsSeen() {
		enter(UUID.randomUUID(), T0, 0);
		UUID user = UUID.randomUUID();
		String tokenId = tokenId(enter(user, T0, 0));
		assertThat(status(user, tokenId, T0 + 30_000)).containsExactly(1L, 2L);
		assertThat(this.redis.opsForZSet().score(QueueKeys.seen(this.concert), user.toString()).block())
			.isEqualTo((double) (T0 + 30_000));
	}

	@Test
	void anActiveUsersTimeStartsAgainOnUseButNeverPastTheHardEnd() {
		UUID user = UUID.randomUUID();
		String tokenId = admit(user, T0);
		assertThat(status(user, tokenId, T0 + 100_000)).containsExactly(2L, T0 + 100_000 + ACTIVE_TTL);
		assertThat(status(user, tokenId, T0 + 200_000)).as("capped at the hard end").containsExactly(2L, T0 + ACTIVE_MAX);
	}

	@Test
	void aLapsedHoldIsNotRenewed() {
		UUID user = UUID.randomUUID();
		String tokenId = admit(user, T0);
		assertThat(status(user, tokenId, T0 + ACTIVE_TTL)).as("lapsed at its own time").containsExactly(0L, 0L);
		assertThat(this.redis.opsForZSet().score(QueueKeys.active(this.concert), user.toString()).block())
			.as("left for the tick to end").isEqualTo((double) (T0 + ACTIVE_TTL));
	}

	@Test
	void aTokenOfAnOlderEntryNamesNoEntry() {
		UUID user = UUID.randomUUID();
		String old = tokenId(enter(user, T0, 0));
		leave(user, old, "left");
		enter(user, T0, 0);
		assertThat(status(user, old, T0)).containsExactly(0L, 0L);
	}

	@Test
	void beforeTheOpenThePlaceIsASecretAndTheOpenTimeIsTold() {
		long opensAt = T0 + 60_000;
		UUID user = UUID.randomUUID();
		String tokenId = tokenId(enter(user, T0, opensAt));
		assertThat(status(user, tokenId, T0 + 1_000)).containsExactly(3L, opensAt);
		assertThat(status(user, tokenId, opensAt)).as("at the open, a place").containsExactly(1L, 1L);
	}

	@Test
	void manyTokensAreAnsweredInOrderAndAPollBeyondTheBucketIsRefusedButKeepsThePlace() {
		UUID first = UUID.randomUUID();
		UUID second = UUID.randomUUID();
		String firstToken = tokenId(enter(first, T0, 0));
		String secondToken = tokenId(enter(second, T0, 0));
		List<String> keys = new ArrayList<>(QueueLine.gateKeys(this.concert));
		keys.add(RateLimiter.pollBucket(this.concert, first));
		keys.add(RateLimiter.pollBucket(this.concert, second));
		Object[] args = { ACTIVE_TTL, 1, 1, T0 + 1_000, first, firstToken, second, secondToken };
		assertThat(run(STATUS, keys, args)).as("both waiting, first and second").containsExactly(1L, 1L, 1L, 2L);
		args[3] = T0 + 1_500;
		assertThat(run(STATUS, keys, args)).as("refused: 500 ms to wait").containsExactly(4L, 500L, 4L, 500L);
		assertThat(this.redis.opsForZSet().score(QueueKeys.seen(this.concert), first.toString()).block())
			.as("a refused poll is still presence").isEqualTo((double) (T0 + 1_500));
	}

}
