package io.stagedoor.queue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wait a buyer is told: slots free now fill at the next ticks; behind them a buyer waits for the
 * active set to free slots at max-active / the mean stay (measured, blended with a prior).
 */
class WaitEstimateTest {

	private static final Instant OPEN = Instant.parse("2026-12-02T12:00:00Z");

	/**
	 * The open of issue 17: max-active 50, admit-per-tick 50, tick 500 ms; with buyers expected to stay
	 * 3.75 s, a slot turns over every 4 s (a freed slot waits half a tick for the next), 12.5 a second.
	 */
	private static QueueProperties open(Duration expectedStay) {
		return new QueueProperties(50, 50, Duration.ofMillis(500), Duration.ofMinutes(10), Duration.ofMinutes(10),
				Duration.ofMinutes(2), 1000, expectedStay);
	}

	private static final QueueProperties STAY = open(Duration.ofMillis(3_750));

	private static QueueProperties line(Duration idleTimeout) {
		return new QueueProperties(500, 100, Duration.ofSeconds(1), Duration.ofMinutes(10), Duration.ofMinutes(30),
				idleTimeout, 1000, Duration.ofMinutes(2));
	}

	private static LineStats.Snapshot line(long waiting, long active, QueueLine.Turnover turnover) {
		return new LineStats.Snapshot(waiting, active, -1, 50, 50, false, false, false, turnover);
	}

	@Test
	void aBuyerAtTheOpenBehindAFullActiveSetIsToldMaxActiveOverTheExpectedStay() {
		// nobody has left yet: 50 slots / (3.75 s + a quarter second) = 12.5 a second; 100 / 12.5 = 8 s, plus
		// half a tick for the next
		LineStats.Snapshot full = line(400, 50, new QueueLine.Turnover(0, 0, 1_000, OPEN));
		assertThat(WaitEstimate.waiting(100, full, STAY).seconds()).isEqualTo(8);
		assertThat(WaitEstimate.waiting(400, full, STAY).seconds()).isEqualTo(32);
	}

	@Test
	void aBuyerWhoFitsInTheFreeSlotsIsToldTheNextTick() {
		LineStats.Snapshot empty = line(30, 0, QueueLine.Turnover.NONE);
		assertThat(WaitEstimate.waiting(30, empty, STAY).seconds()).as("within a tick").isEqualTo(1);
		// 10 slots free: the first 10 go at the next tick, the 20 behind them wait for 20 slots to free
		LineStats.Snapshot nearlyFull = line(30, 40, QueueLine.Turnover.NONE);
		assertThat(WaitEstimate.waiting(30, nearlyFull, STAY).seconds()).as("20 / 12.5 s + a quarter second")
			.isEqualTo(2);
	}

	@Test
	void whileNobodyHasLeftTheExpectedStayIsAtLeastTheTimeSinceTheFirstAdmission() {
		// expected 3.75 s, but the first admitted have been in 9.75 s and nobody has left: stays are that or more
		LineStats.Snapshot full = line(400, 50, new QueueLine.Turnover(0, 0, 9_750, OPEN));
		assertThat(WaitEstimate.waiting(100, full, STAY).seconds()).as("100 / (50 / 10 s) + 0.25").isEqualTo(20);
	}

	@Test
	void withNoExpectedStayConfiguredTheFirstBuyersAreToldTheLowerBoundTheLineHasSeen() {
		// the default (0): nothing is known beforehand; the first admitted have been in 1.75 s and nobody
		// has left, so stays are at least that: 50 / (1.75 + 0.25) s = 25 a second; 100 / 25 + 0.25 = 4.25
		QueueProperties unknown = open(Duration.ZERO);
		LineStats.Snapshot full = line(400, 50, new QueueLine.Turnover(0, 0, 1_750, OPEN));
		assertThat(WaitEstimate.waiting(100, full, unknown).seconds()).isEqualTo(4);
		// at the very first tick the floor is a tick: 50 / (0.5 + 0.25) s; 100 / 66.7 + 0.25 = 1.75
		LineStats.Snapshot justFilled = line(400, 50, new QueueLine.Turnover(0, 0, 0, OPEN));
		assertThat(WaitEstimate.waiting(100, justFilled, unknown).seconds()).isEqualTo(2);
	}

	@Test
	void onceBuyersLeaveTheMeasuredStayOutweighsAWrongExpectedStay() {
		// measured: 15 departures while slots were occupied 3.75 s each (56,250 slot-ms); the prior of
		// 2 minutes weighs as half a second of the full set, halved at 15 of 30 departures (12,500 slot-ms,
		// 0.104 departures): (56,250 + 12,500) / (15 + 0.104) = 4,552 ms; 50 / (4.552 + 0.25) s = 10.41 a
		// second; 100 / 10.41 + 0.25 = 9.85
		LineStats.Snapshot measured = line(400, 50, new QueueLine.Turnover(15, 56_250, 2_000, OPEN));
		assertThat(WaitEstimate.waiting(100, measured, open(Duration.ofMinutes(2))).seconds()).isEqualTo(10);
		// a right prior changes the measured figure not at all: (56,250 + 12,500) / (15 + 3.33) = 3.75 s
		assertThat(WaitEstimate.waiting(100, measured, STAY).seconds()).isEqualTo(8);
	}

	@Test
	void fromThirtyDeparturesOnlyTheMeasurementCounts() {
		LineStats.Snapshot measured = line(400, 50, new QueueLine.Turnover(30, 112_500, 2_000, OPEN));
		assertThat(WaitEstimate.waiting(100, measured, open(Duration.ofMinutes(2))).seconds()).as("100 / 12.5 + 0.25")
			.isEqualTo(8);
	}

	@Test
	void aHalfEmptySetIsJudgedByTheSlotTimeItWasOccupiedNotByItsFewDepartures() {
		// 25 slots occupied for 37.5 s (937,500 slot-ms) and 250 left: a stay of 3.75 s, so a full set
		// frees 12.5 a second
		LineStats.Snapshot measured = line(100, 50, new QueueLine.Turnover(250, 937_500, 2_000, OPEN));
		assertThat(WaitEstimate.waiting(100, measured, STAY).seconds()).isEqualTo(8);
	}

	@Test
	void theEstimateNeverPromisesMoreThanTheTicksCanAdmit() {
		// stays of 10 ms would free 5,000 slots a second; the ticks admit 50 every 500 ms = 100 a second
		LineStats.Snapshot quick = line(1000, 50, new QueueLine.Turnover(10_000, 100_000, 10, OPEN));
		assertThat(WaitEstimate.waiting(1000, quick, open(Duration.ofMillis(10))).seconds()).isEqualTo(10);
	}

	@Test
	void withoutAnyTickSeenTheWholeSetIsFreeAndFillsAtTheTicksSpeed() {
		assertThat(WaitEstimate.waiting(300, (LineStats.Snapshot) null, line(Duration.ofMinutes(2))).seconds())
			.as("300 of 500 free slots at 100 a tick of 1 s: 3 ticks, the first half a tick away").isEqualTo(3);
	}

	@Test
	void farBackPollsSpreadOutAndNearTheFrontAboutEverySecond() {
		LineStats.Snapshot measured = line(50_000, 50, new QueueLine.Turnover(500, 1_875_000, 2_000, OPEN));
		WaitEstimate near = WaitEstimate.waiting(3, measured, STAY);
		WaitEstimate far = WaitEstimate.waiting(40_000, measured, STAY);
		assertThat(near.seconds()).isEqualTo(1);
		assertThat(near.pollAfterMs()).isBetween(1000L, 1250L);
		assertThat(far.pollAfterMs()).isBetween(12_000L, 15_000L);
	}

	@Test
	void aClientThatWaitsItsPollAfterIsNeverIdleEvenWithAShortIdleTimeout() {
		LineStats.Snapshot slow = new LineStats.Snapshot(50_000, 500, 1.0);
		for (Duration idle : new Duration[] { Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(20) }) {
			for (int i = 0; i < 1000; i++) {
				assertThat(WaitEstimate.waiting(40_000, slow, line(idle)).pollAfterMs()).isLessThan(idle.toMillis() / 2);
			}
		}
	}

	@Test
	void anEntryInTheFirstMinuteOfTheOpenIsJudgedApartFromTheLaterOnes() {
		assertThat(QueueMetrics.cohort(OPEN.minusSeconds(5), OPEN)).as("in the pre-queue").isEqualTo("open");
		assertThat(QueueMetrics.cohort(OPEN.plusSeconds(59), OPEN)).isEqualTo("open");
		assertThat(QueueMetrics.cohort(OPEN.plusSeconds(60), OPEN)).isEqualTo("later");
	}

}
