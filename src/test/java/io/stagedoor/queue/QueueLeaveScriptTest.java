package io.stagedoor.queue;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code queue-leave.lua}: ending a live entry, by the user or by a payment. */
class QueueLeaveScriptTest extends LineScriptTest {

	@Test
	void leavingWhileWaitingEndsTheEntryEverywhereAndCountsAsLeft() {
		UUID user = UUID.randomUUID();
		String tokenId = tokenId(enter(user, T0, 0));
		assertThat(leave(user, tokenId, "left")).isEqualTo(1);
		assertThat(anyTraceOf(user)).isFalse();
		assertThat(this.redis.opsForHash().get(QueueKeys.counts(this.concert), "left").block()).isEqualTo("1");
	}

	@Test
	void aSpentActiveSlotIsGivenBackAndNotCountedAsLeft() {
		UUID user = UUID.randomUUID();
		String tokenId = admit(user, T0);
		assertThat(leave(user, tokenId, "spent")).isEqualTo(2);
		assertThat(anyTraceOf(user)).isFalse();
		assertThat(this.redis.opsForHash().get(QueueKeys.counts(this.concert), "left").block()).isNull();
	}

	@Test
	void aTokenOfAnOlderEntryChangesNothing() {
		UUID user = UUID.randomUUID();
		String old = tokenId(enter(user, T0, 0));
		leave(user, old, "left");
		String current = tokenId(enter(user, T0 + 1_000, 0));
		assertThat(leave(user, old, "left")).isZero();
		assertThat(status(user, current, T0 + 2_000)).as("the new entry still waits").containsExactly(1L, 1L);
	}

	@Test
	void aTokenWhosePrefixMatchesAnotherEntryNamesNoEntry() {
		UUID user = UUID.randomUUID();
		String tokenId = tokenId(enter(user, T0, 0));
		assertThat(leave(user, tokenId.substring(0, 8), "left")).isZero();
		assertThat(leave(user, "", "left")).isZero();
		assertThat(anyTraceOf(user)).isTrue();
	}

}
