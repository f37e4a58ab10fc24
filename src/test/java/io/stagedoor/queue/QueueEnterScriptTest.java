package io.stagedoor.queue;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code queue-enter.lua}: entering the line, with time given. */
class QueueEnterScriptTest extends LineScriptTest {

	@Test
	void newcomersWaitInArrivalOrder() {
		UUID user = UUID.randomUUID();
		List<Object> first = enter(user, T0, 0);
		List<Object> second = enter(UUID.randomUUID(), T0, 0);
		assertThat(first).containsExactly(1L, tokenId(first), 1L, "WAITING", 1L, 0L, 0L, 0L);
		assertThat(second).containsExactly(1L, tokenId(second), 2L, "WAITING", 2L, 0L, 0L, 0L);
		assertThat(this.redis.opsForHash().get(QueueKeys.etaRecords(this.concert), user.toString()).block())
			.as("the estimate given (position, pace, free slots), kept for the admission").isEqualTo(T0 + ":1:2000:0");
	}

	@Test
	void enteringAgainGivesTheSameEntryBack() {
		UUID user = UUID.randomUUID();
		List<Object> first = enter(user, T0, 0);
		List<Object> again = enter(user, T0 + 5_000, 0);
		assertThat(again).containsExactly(0L, tokenId(first), 1L, "WAITING", 1L, 0L, 0L, 0L);
		assertThat(this.redis.opsForZSet().score(QueueKeys.seen(this.concert), user.toString()).block())
			.as("entering again is presence").isEqualTo((double) (T0 + 5_000));
	}

	@Test
	void anActiveUserEnteringAgainKeepsTheSlot() {
		UUID user = UUID.randomUUID();
		String tokenId = admit(user, T0);
		List<Object> again = enter(user, T0 + 1_000, 0);
		assertThat(again).containsExactly(0L, tokenId, 1L, "ACTIVE", 0L, T0 + ACTIVE_TTL, 0L, 0L);
	}

	@Test
	void aLapsedEntryIsClearedAndANewOneStartsAtTheBack() {
		UUID user = UUID.randomUUID();
		String old = admit(user, T0);
		enter(UUID.randomUUID(), T0, 0);
		List<Object> again = enter(user, T0 + ACTIVE_TTL, 0);
		assertThat(again.get(0)).as("a new entry").isEqualTo(1L);
		assertThat(tokenId(again)).isNotEqualTo(old);
		assertThat(again.subList(2, 8)).containsExactly(3L, "WAITING", 2L, 0L, 1L, 0L);
		assertThat(this.redis.opsForZSet().score(QueueKeys.active(this.concert), user.toString()).block()).isNull();
		assertThat(this.redis.opsForHash().get(QueueKeys.deadlines(this.concert), user.toString()).block()).isNull();
		assertThat(status(user, old, T0 + ACTIVE_TTL)).as("the old token names no entry").containsExactly(0L, 0L);
	}

	@Test
	void beforeTheOpenANewEntryJoinsThePreQueueWithoutAPlace() {
		long opensAt = T0 + 60_000;
		UUID user = UUID.randomUUID();
		List<Object> entered = enter(user, T0, opensAt);
		assertThat(entered).containsExactly(1L, tokenId(entered), 0L, "PRE_QUEUE", 0L, 0L, 0L, opensAt);
		assertThat(this.redis.opsForHash().get(QueueKeys.controls(this.concert), "opensAt").block())
			.isEqualTo(Long.toString(opensAt));
		assertThat(this.redis.opsForZSet().score(QueueKeys.waiting(this.concert), user.toString()).block())
			.as("scored by the drawn key, ahead of every later arrival").isEqualTo(0.5);
	}

	@Test
	void aDrainingLineMakesNoNewEntryButKeepsALiveOne() {
		UUID waiting = UUID.randomUUID();
		List<Object> entered = enter(waiting, T0, 0);
		controls(false, true, "", "", 0);
		assertThat(enter(UUID.randomUUID(), T0, 0)).containsExactly(0L, "", 0L, "CLOSED", 0L, 0L, 0L, 0L);
		assertThat(enter(waiting, T0, 0)).containsExactly(0L, tokenId(entered), 1L, "WAITING", 1L, 0L, 0L, 0L);
	}

}
