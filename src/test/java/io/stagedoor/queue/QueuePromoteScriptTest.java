package io.stagedoor.queue;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code queue-promote.lua}: one tick, with time given. (Several instances ticking at once:
 * {@link PromotionScriptTest}.)
 */
class QueuePromoteScriptTest extends LineScriptTest {

	@Test
	void nothingRunsUntilTheControlsAreLoaded() {
		this.redis.delete(QueueKeys.controls(this.concert)).block();
		enter(UUID.randomUUID(), T0, 0);
		List<Object> tick = promote(10, 10, T0);
		assertThat(tick.subList(0, 8)).containsExactly(0L, 1L, 0L, -1L, 0L, 0L, 0L, 0L);
	}

	@Test
	void aTickAdmitsFromTheHeadOfTheLineUpToMaxActive() {
		UUID first = UUID.randomUUID();
		UUID second = UUID.randomUUID();
		enter(first, T0, 0);
		enter(second, T0, 0);
		enter(UUID.randomUUID(), T0, 0);
		List<Object> tick = promote(2, 5, T0);
		assertThat(admitted(tick)).containsExactly(first.toString(), second.toString());
		assertThat(tick.subList(0, 3)).as("ran, waiting, active").containsExactly(1L, 1L, 2L);
		assertThat(tick.get(14 + 2)).as("the first admitted's eta record").isEqualTo(T0 + ":1:2000:0");
		assertThat(anyTraceOf(first)).isTrue();
		assertThat(this.redis.opsForHash().get(QueueKeys.deadlines(this.concert), first.toString()).block())
			.isEqualTo(Long.toString(T0 + ACTIVE_MAX));
		List<Object> full = promote(2, 5, T0 + TICK);
		assertThat(full.subList(0, 3)).as("ran, waiting, active").containsExactly(1L, 1L, 2L);
		assertThat(admitted(full)).as("no slot free: nobody more").isEmpty();
	}

	@Test
	void aSecondCallInTheSameTickSlotDoesNothing() {
		enter(UUID.randomUUID(), T0, 0);
		enter(UUID.randomUUID(), T0, 0);
		assertThat(admitted(promote(10, 1, T0))).hasSize(1);
		assertThat(promote(10, 1, T0 + TICK - 1).get(0)).isEqualTo(0L);
		assertThat(admitted(promote(10, 1, T0 + TICK))).hasSize(1);
	}

	@Test
	void aLapsedActiveEntryIsEndedAndItsSlotGoesToTheNext() {
		UUID lapsing = UUID.randomUUID();
		UUID next = UUID.randomUUID();
		admit(lapsing, T0);
		enter(next, T0 + ACTIVE_TTL - 1_000, 0);
		List<Object> tick = promote(1, 1, T0 + ACTIVE_TTL);
		assertThat(lapsed(tick)).containsExactly(lapsing.toString());
		assertThat(admitted(tick)).containsExactly(next.toString());
		assertThat(anyTraceOf(lapsing)).isFalse();
		assertThat(this.redis.opsForHash().get(QueueKeys.counts(this.concert), "lapsed").block()).isEqualTo("1");
	}

	@Test
	void aWaitingUserUnseenForTheIdleTimeoutIsDropped() {
		UUID idle = UUID.randomUUID();
		UUID present = UUID.randomUUID();
		enter(idle, T0, 0);
		enter(present, T0 + IDLE / 2, 0);
		controls(true, false, "", "", 0);
		List<Object> tick = promote(10, 10, T0 + IDLE);
		assertThat(tick.get(6)).as("idle count").isEqualTo(1L);
		assertThat(anyTraceOf(idle)).isFalse();
		assertThat(anyTraceOf(present)).isTrue();
		assertThat(this.redis.opsForHash().get(QueueKeys.counts(this.concert), "idle").block()).isEqualTo("1");
	}

	@Test
	void aPausedOrUnopenedLineAdmitsNobody() {
		enter(UUID.randomUUID(), T0, 0);
		controls(true, false, "", "", 0);
		assertThat(admitted(promote(10, 10, T0))).isEmpty();
		controls(false, false, "", "", T0 + 10 * TICK);
		assertThat(admitted(promote(10, 10, T0 + TICK))).isEmpty();
		assertThat(admitted(promote(10, 10, T0 + 10 * TICK))).hasSize(1);
	}

	@Test
	void theControlsOverrideTheConfiguredLimits() {
		for (int i = 0; i < 5; i++) {
			enter(UUID.randomUUID(), T0, 0);
		}
		controls(false, false, "3", "2", 0);
		List<Object> tick = promote(100, 100, T0);
		assertThat(admitted(tick)).hasSize(2);
		assertThat(tick.subList(10, 12)).as("max-active, admit-per-tick").containsExactly(3L, 2L);
	}

	/** The trailer of a tick's reply: departures, occupied slot-ms, shortest stay ms, opened ms. */
	private static List<Object> turnover(List<Object> tick) {
		return tick.subList(tick.size() - 4, tick.size());
	}

	@Test
	void theLineCountsWhoLeavesTheActiveSetFromTheFirstDepartureOn() {
		UUID a = UUID.randomUUID();
		UUID b = UUID.randomUUID();
		UUID c = UUID.randomUUID();
		String tokenA = tokenId(enter(a, T0, 0));
		String tokenB = tokenId(enter(b, T0, 0));
		enter(c, T0, 0);
		assertThat(turnover(promote(3, 3, T0))).as("admitted at the open, nobody left: nothing measured yet")
			.containsExactly(0L, 0L, 0L, T0);
		assertThat(turnover(promote(3, 3, T0 + TICK))).as("still nobody left: the shortest stay is the time so far")
			.containsExactly(0L, 0L, TICK, T0);
		leave(a, tokenA, "spent");
		assertThat(turnover(promote(3, 3, T0 + 2 * TICK)))
			.as("the first departure starts the clock and is not counted; the shortest stay is fixed")
			.containsExactly(0L, 0L, 2 * TICK, T0);
		leave(b, tokenB, "left");
		assertThat(turnover(promote(3, 3, T0 + 3 * TICK)))
			.as("one departure while the set went from 2 to 1 occupied for a tick: 1.5 slot-ticks")
			.containsExactly(1L, 3 * TICK / 2, 2 * TICK, T0);
		assertThat(turnover(promote(3, 3, T0 + 4 * TICK + ACTIVE_TTL)))
			.as("a lapse is a departure too; a gap longer than the minute counts as a minute, and what came before"
					+ " it is out of the window")
			.containsExactly(1L, 60_000L / 2, 2 * TICK, T0);
	}

	@Test
	void departuresOlderThanAMinuteNoLongerCount() {
		UUID a = UUID.randomUUID();
		UUID b = UUID.randomUUID();
		String tokenA = tokenId(enter(a, T0, 0));
		String tokenB = tokenId(enter(b, T0, 0));
		enter(UUID.randomUUID(), T0, 0);
		promote(3, 3, T0);
		leave(a, tokenA, "spent");
		promote(3, 3, T0 + TICK);
		leave(b, tokenB, "spent");
		assertThat(turnover(promote(3, 3, T0 + 2 * TICK)).get(0)).isEqualTo(1L);
		assertThat(turnover(promote(3, 3, T0 + 2 * TICK + 60_001)))
			.as("the departure is past the minute; the minute's own sample has the one left, none departed")
			.containsExactly(0L, 60_000L, TICK, T0);
	}

	@Test
	void oneEarlyLeaverDoesNotStartTheClockAFifthOfTheSetLeavingDoes() {
		// max-active 10: the clock starts once 2 have left
		UUID[] users = new UUID[4];
		String[] tokens = new String[4];
		for (int i = 0; i < 4; i++) {
			users[i] = UUID.randomUUID();
			tokens[i] = tokenId(enter(users[i], T0, 0));
		}
		promote(10, 10, T0);
		leave(users[0], tokens[0], "left");
		assertThat(turnover(promote(10, 10, T0 + TICK))).as("one left: the clock has not started")
			.containsExactly(0L, 0L, TICK, T0);
		assertThat(turnover(promote(10, 10, T0 + 5 * TICK))).as("nobody since: the shortest stay still grows")
			.containsExactly(0L, 0L, 5 * TICK, T0);
		leave(users[1], tokens[1], "left");
		assertThat(turnover(promote(10, 10, T0 + 6 * TICK))).as("the second starts it").containsExactly(0L, 0L, 6 * TICK, T0);
		leave(users[2], tokens[2], "left");
		assertThat(turnover(promote(10, 10, T0 + 7 * TICK))).as("the third is measured: 2 then 1 occupied for a tick")
			.containsExactly(1L, 3 * TICK / 2, 6 * TICK, T0);
	}

	@Test
	void aBusyLinesWindowEndsOnceItHoldsAHundredDepartures() {
		// the turnover of runs before, as the script keeps it: the newest sample first
		String samples = key(QueueKeys.departures(this.concert));
		this.redis.opsForList().rightPushAll(samples, (T0 - TICK) + ":60:5000", (T0 - 2 * TICK) + ":60:6000",
				(T0 - 3 * TICK) + ":60:7000").block();
		this.redis.opsForHash().putAll(key(QueueKeys.turnover(this.concert)),
				java.util.Map.of("active", "0", "at", Long.toString(T0 - TICK), "firstIn", Long.toString(T0 - 10_000),
						"firstOut", Long.toString(T0 - 5_000)))
			.block();
		assertThat(turnover(promote(10, 10, T0))).as("this run's sample (none left, none occupied) and the two before")
			.containsExactly(120L, 11_000L, 5_000L, 0L);
	}

	@Test
	void everyInstanceReadsTheSameTurnoverAlsoWhenAnotherHadTheTick() {
		UUID a = UUID.randomUUID();
		String tokenA = tokenId(enter(a, T0, 0));
		enter(UUID.randomUUID(), T0, 0);
		enter(UUID.randomUUID(), T0, 0);
		promote(3, 3, T0);
		leave(a, tokenA, "spent");
		promote(3, 3, T0 + TICK);
		List<Object> ran = promote(3, 3, T0 + 2 * TICK);
		List<Object> other = promote(3, 3, T0 + 2 * TICK + 1);
		assertThat(other.get(0)).as("the tick was taken").isEqualTo(0L);
		assertThat(turnover(other)).isEqualTo(turnover(ran));
	}

}
