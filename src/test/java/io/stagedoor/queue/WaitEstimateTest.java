package io.stagedoor.queue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WaitEstimateTest {

	private static QueueProperties line(Duration idleTimeout) {
		return new QueueProperties(500, 100, Duration.ofSeconds(1), Duration.ofMinutes(10), Duration.ofMinutes(30),
				idleTimeout, 1000);
	}

	@Test
	void theEtaFollowsTheMeasuredRateAndPollsSpreadOutFarBack() {
		LineStats.Snapshot measured = new LineStats.Snapshot(50_000, 500, 50.0);
		WaitEstimate near = WaitEstimate.waiting(10, measured, line(Duration.ofMinutes(2)));
		WaitEstimate far = WaitEstimate.waiting(40_000, measured, line(Duration.ofMinutes(2)));
		assertThat(near.seconds()).isEqualTo(1);
		assertThat(near.pollAfterMs()).isBetween(1000L, 1250L);
		assertThat(far.seconds()).isEqualTo(800);
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
	void withoutAMeasurementTheEstimateUsesWhatTheLineCanDo() {
		QueueProperties props = line(Duration.ofMinutes(2));
		assertThat(WaitEstimate.waiting(1000, null, props).seconds()).as("free slots: full admission speed").isEqualTo(10);
		LineStats.Snapshot full = new LineStats.Snapshot(1000, 500, -1);
		assertThat(WaitEstimate.waiting(1000, full, props).seconds()).as("no slot free: every slot frees by active-max")
			.isEqualTo(3600);
	}

}
