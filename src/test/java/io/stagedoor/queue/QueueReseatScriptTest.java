package io.stagedoor.queue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.stagedoor.support.LuaScripts;

import org.springframework.data.redis.core.script.RedisScript;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code queue-reseat.lua} and the gate's "missing" answer ({@code gate.lua}): an entry Redis lost is
 * put back at the arrival number its token carries; an entry that ended stays ended.
 */
class QueueReseatScriptTest extends LineScriptTest {

	static final RedisScript<List<Object>> RESEAT = LuaScripts.listScript("queue-reseat.lua");

	/** A user's entry as the enter script made it: the user, the token id, the arrival number. */
	private record Entered(UUID user, String tokenId, long arrival) {
	}

	private Entered enterAt(long now, long opensAt) {
		UUID user = UUID.randomUUID();
		List<Object> entered = enter(user, now, opensAt);
		return new Entered(user, tokenId(entered), longAt(entered, 2));
	}

	/** The re-seat as the application calls it: {re-seated, state, value}. */
	private List<Object> reseat(Entered e, double draw, boolean spent, long now) {
		List<String> keys = new ArrayList<>(QueueLine.gateKeys(this.concert));
		keys.add(QueueKeys.sequence(this.concert));
		keys.add(QueueKeys.etaRecords(this.concert));
		return run(RESEAT, keys, e.user(), e.tokenId(), e.arrival(), draw, spent ? 1 : 0, ACTIVE_TTL, now);
	}

	private List<Object> reseat(Entered e, long now) {
		return reseat(e, 0.5, false, now);
	}

	/** What a lost write leaves: Redis knows nothing of this user's entry. */
	private void lose(Entered e) {
		String u = e.user().toString();
		this.redis.opsForZSet().remove(QueueKeys.waiting(this.concert), u).block();
		this.redis.opsForZSet().remove(QueueKeys.active(this.concert), u).block();
		this.redis.opsForZSet().remove(QueueKeys.seen(this.concert), u).block();
		this.redis.opsForHash().remove(QueueKeys.entries(this.concert), u).block();
		this.redis.opsForHash().remove(QueueKeys.deadlines(this.concert), u).block();
	}

	/** What a flushed or replaced Redis leaves of the concert: nothing but the controls the ticker loads again. */
	private void loseEverything() {
		List<String> keys = new ArrayList<>(TestLines.allKeys(this.concert));
		keys.remove(QueueKeys.controls(this.concert));
		this.redis.delete(keys.toArray(String[]::new)).block();
	}

	@Test
	void usersWhoseEntriesVanishedComeBackInArrivalOrderAmongTheOthers() {
		Entered first = enterAt(T0, 0);
		Entered second = enterAt(T0, 0);
		Entered third = enterAt(T0, 0);
		lose(first);
		lose(third);
		assertThat(status(third.user(), third.tokenId(), T0 + 1_000)).as("missing, not ended").containsExactly(5L, 0L);
		assertThat(status(second.user(), second.tokenId(), T0 + 1_000)).as("alone in line").containsExactly(1L, 1L);

		assertThat(reseat(third, T0 + 1_000)).as("behind the second, who arrived earlier").containsExactly(1L, 1L, 2L);
		assertThat(reseat(first, T0 + 2_000)).as("ahead of both").containsExactly(1L, 1L, 1L);
		assertThat(status(second.user(), second.tokenId(), T0 + 3_000)).containsExactly(1L, 2L);
		assertThat(status(third.user(), third.tokenId(), T0 + 3_000)).containsExactly(1L, 3L);
		assertThat(this.redis.opsForHash().get(QueueKeys.entries(this.concert), first.user().toString()).block())
			.as("the same entry: token id and arrival").isEqualTo(first.tokenId() + ":" + first.arrival());
	}

	@Test
	void aSecondReseatOfTheSameTokenChangesNothing() {
		Entered user = enterAt(T0, 0);
		lose(user);
		assertThat(reseat(user, T0 + 1_000)).containsExactly(1L, 1L, 1L);
		assertThat(reseat(user, T0 + 2_000)).as("found there: not put back twice").containsExactly(0L, 1L, 1L);
		assertThat(this.redis.opsForZSet().size(QueueKeys.waiting(this.concert)).block()).isEqualTo(1);
	}

	@Test
	void aTokenThatLeftIsRefusedAndNotReseated() {
		Entered user = enterAt(T0, 0);
		leave(user.user(), user.tokenId(), "left");
		assertThat(status(user.user(), user.tokenId(), T0 + 1_000)).as("ended").containsExactly(0L, 0L);
		assertThat(reseat(user, T0 + 1_000)).containsExactly(0L, 0L, 0L);
		assertThat(anyTraceOf(user.user())).isFalse();
	}

	@Test
	void entriesDroppedAsIdleOrLapsedAreRefusedAndNotReseated() {
		Entered admitted = enterAt(T0, 0);
		Entered waiting = enterAt(T0, 0);
		promote(1, 1, T0);
		// max-active 1: the first is admitted, then lapses; the second waits unseen and goes idle
		promote(1, 1, T0 + IDLE + ACTIVE_MAX);
		assertThat(status(admitted.user(), admitted.tokenId(), T0 + IDLE + ACTIVE_MAX)).containsExactly(0L, 0L);
		assertThat(status(waiting.user(), waiting.tokenId(), T0 + IDLE + ACTIVE_MAX)).containsExactly(0L, 0L);
		assertThat(reseat(admitted, T0 + IDLE + ACTIVE_MAX)).containsExactly(0L, 0L, 0L);
		assertThat(reseat(waiting, T0 + IDLE + ACTIVE_MAX)).containsExactly(0L, 0L, 0L);
	}

	@Test
	void aTokenSpentWhileRedisDidNotKnowItsEntryStaysRefused() {
		Entered user = enterAt(T0, 0);
		lose(user);
		assertThat(leave(user.user(), user.tokenId(), "spent")).as("nothing live to end").isZero();
		assertThat(status(user.user(), user.tokenId(), T0 + 1_000)).as("ended, not missing").containsExactly(0L, 0L);
		assertThat(reseat(user, T0 + 1_000)).containsExactly(0L, 0L, 0L);
	}

	@Test
	void aTokenTheDatabaseSaysWasSpentIsRecordedEndedInsteadOfReseated() {
		Entered user = enterAt(T0, 0);
		loseEverything();
		assertThat(reseat(user, 0.5, true, T0 + 1_000)).containsExactly(0L, 0L, 0L);
		assertThat(status(user.user(), user.tokenId(), T0 + 2_000)).as("Redis alone now refuses it")
			.containsExactly(0L, 0L);
		assertThat(anyTraceOf(user.user())).isFalse();
	}

	@Test
	void anActiveUserWhoseEntryVanishedComesBackAtTheHeadOfTheLine() {
		UUID active = UUID.randomUUID();
		String activeToken = admit(active, T0);
		Entered later = enterAt(T0 + 1_000, 0);
		Entered before = new Entered(active, activeToken, 1);
		lose(before);
		assertThat(reseat(before, T0 + 2_000)).as("waiting, first: the next tick admits it").containsExactly(1L, 1L, 1L);
		assertThat(status(later.user(), later.tokenId(), T0 + 2_000)).containsExactly(1L, 2L);
	}

	@Test
	void afterATotalLossAReseatRaisesTheArrivalCounterSoALaterArrivalStandsBehind() {
		enterAt(T0, 0);
		enterAt(T0, 0);
		Entered third = enterAt(T0, 0);
		loseEverything();
		assertThat(reseat(third, T0 + 1_000)).containsExactly(1L, 1L, 1L);
		Entered newcomer = enterAt(T0 + 2_000, 0);
		assertThat(newcomer.arrival()).as("after every re-seated arrival").isEqualTo(third.arrival() + 1);
		assertThat(status(newcomer.user(), newcomer.tokenId(), T0 + 2_000)).containsExactly(1L, 2L);
	}

	@Test
	void aPreQueueEntryComesBackInThePreQueueAtItsDrawScore() {
		long opensAt = T0 + 60_000;
		Entered early = enterAt(T0, opensAt);
		loseEverything();
		controls(false, false, "", "", opensAt);
		assertThat(reseat(early, 0.5, false, T0 + 1_000)).containsExactly(1L, 3L, opensAt);
		assertThat(this.redis.opsForZSet().score(QueueKeys.waiting(this.concert), early.user().toString()).block())
			.as("the draw score the enter script was given").isEqualTo(0.5);
		Entered afterTheOpen = enterAt(opensAt + 1_000, opensAt);
		assertThat(status(afterTheOpen.user(), afterTheOpen.tokenId(), opensAt + 1_000))
			.as("the pre-queue stands ahead of later arrivals").containsExactly(1L, 2L);
	}

	@Test
	void theRecordOfEndedEntriesForgetsThemOnceNoTokenCanNameThem() {
		Entered user = enterAt(T0, 0);
		leave(user.user(), user.tokenId(), "left", T0);
		promote(1, 1, T0 + ENDED_FOR - 1);
		assertThat(this.redis.opsForZSet().score(QueueKeys.ended(this.concert), user.tokenId()).block())
			.as("kept for the token lifetime").isEqualTo((double) T0);
		promote(1, 1, T0 + ENDED_FOR + TICK);
		assertThat(this.redis.opsForZSet().size(QueueKeys.ended(this.concert)).block()).isZero();
	}

}
