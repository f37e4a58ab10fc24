package io.stagedoor.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import io.stagedoor.security.QueueToken;
import io.stagedoor.security.QueueTokens;
import io.stagedoor.support.IntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pre-queue and the runtime controls in the line's scripts, against the real Redis, with time
 * moved by the {@code now} argument (concert ids in no database, so the application's ticker leaves
 * them alone).
 */
class PreQueueScriptTest extends IntegrationTest {

	private static final long TICK_MS = 100;

	@Autowired
	private QueueTokens tokens;

	private QueueLine line(int maxActive, int admitPerTick) {
		return new QueueLine(this.redis, new QueueProperties(maxActive, admitPerTick, Duration.ofMillis(TICK_MS),
				Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(30), 1000,
				Duration.ofSeconds(5)), this.tokens);
	}

	private long freshConcert(QueueLine line, LineControls controls, long opensAt) {
		long concert = 900_000_000L + ThreadLocalRandom.current().nextLong(100_000_000L);
		line.setControls(concert, controls, opensAt).block();
		return concert;
	}

	/**
	 * 400 sales of 8 pre-queued users each: where the k-th to arrive stands at the open must not depend
	 * on k. The 8 x 8 table of arrival slot against place is tested with Pearson's chi-square (49
	 * degrees of freedom) at a one-in-ten-thousand false alarm rate; an order that kept any trace of
	 * arrival (first come first served, or reversed) lands far above it.
	 */
	@Test
	void thePreQueueOrderAtTheOpenIsAUniformShuffleOfTheArrivals() {
		QueueLine line = line(1000, 100);
		int users = 8;
		int runs = 400;
		long[][] table = new long[users][users];
		long base = 1_500_000_000_000L;
		for (int run = 0; run < runs; run++) {
			long opensAt = base + 10_000;
			long concert = freshConcert(line, LineControls.DEFAULTS, opensAt);
			List<QueueToken> tokens = new ArrayList<>();
			for (int k = 0; k < users; k++) {
				UUID user = UUID.randomUUID();
				QueueLine.Entry entry = line.enter(concert, user, opensAt, WaitEstimate.Pace.NONE, base + k * 1000).block();
				assertThat(entry.state()).isEqualTo(QueueState.PRE_QUEUE);
				assertThat(entry.position()).as("no place is shown before the open").isZero();
				tokens.add(new QueueToken(user, concert, entry.arrival(), entry.tokenId(), null));
			}
			QueueLine.Standing before = line.check(tokens.get(0), opensAt - 1).block();
			assertThat(before.state()).isEqualTo(QueueState.PRE_QUEUE);
			assertThat(before.at().toEpochMilli()).isEqualTo(opensAt);
			for (int k = 0; k < users; k++) {
				QueueLine.Standing after = line.check(tokens.get(k), opensAt + 1).block();
				assertThat(after.state()).isEqualTo(QueueState.WAITING);
				table[k][(int) after.position() - 1]++;
			}
			QueueLine.Entry late = line.enter(concert, UUID.randomUUID(), opensAt, WaitEstimate.Pace.NONE, opensAt + 1).block();
			assertThat(late.position()).as("an arrival after the open goes behind the whole pre-queue")
				.isEqualTo(users + 1);
		}
		double expected = (double) runs / users;
		double chiSquare = 0;
		for (long[] row : table) {
			for (long observed : row) {
				chiSquare += (observed - expected) * (observed - expected) / expected;
			}
		}
		assertThat(chiSquare).as("chi-square of arrival slot x place").isLessThan(criticalValue((users - 1) * (users - 1), 3.719));
		for (int k = 0; k < users; k++) {
			assertThat(table[k][0]).as("arrival " + k + " came first at least sometimes").isPositive();
		}
	}

	/** Wilson-Hilferty: the chi-square quantile at the standard normal quantile {@code z}. */
	private static double criticalValue(int degrees, double z) {
		double v = 2.0 / (9 * degrees);
		return degrees * Math.pow(1 - v + z * Math.sqrt(v), 3);
	}

	@Test
	void nobodyIsAdmittedBeforeTheOpenAndTheHeadOfTheShuffledLineIsAfterIt() {
		QueueLine line = line(1000, 100);
		long base = 1_600_000_000_000L;
		long opensAt = base + 5_000;
		long concert = freshConcert(line, LineControls.DEFAULTS, opensAt);
		for (int k = 0; k < 30; k++) {
			line.enter(concert, UUID.randomUUID(), opensAt, WaitEstimate.Pace.NONE, base + k).block();
		}
		QueueLine.Tick early = line.promote(concert, opensAt - 1).block();
		assertThat(early.ran()).isTrue();
		assertThat(early.admitted()).isEmpty();
		assertThat(early.preQueue()).isTrue();
		assertThat(early.waiting()).isEqualTo(30);
		QueueLine.Tick open = line.promote(concert, opensAt + TICK_MS).block();
		assertThat(open.admitted()).hasSize(30);
		assertThat(open.preQueue()).isFalse();
	}

	/**
	 * Four instances promote at once, each at its own offset within every tick, while an operator
	 * pauses the line and resumes it: from the first tick after the pause no instance admits anyone,
	 * and after the resume admissions go on in arrival order.
	 */
	@Test
	void aPauseStopsEveryInstanceFromTheNextTickAndAResumeGoesOnInOrder() {
		QueueLine line = line(1000, 5);
		long base = 1_700_000_000_000L;
		long concert = freshConcert(line, LineControls.DEFAULTS, 0);
		List<UUID> arrivals = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			UUID user = UUID.randomUUID();
			arrivals.add(user);
			line.enter(concert, user, 0, WaitEstimate.Pace.NONE, base).block();
		}
		List<UUID> admitted = new ArrayList<>();
		AtomicLong admittedWhilePaused = new AtomicLong();
		for (int slot = 1; slot <= 30; slot++) {
			if (slot == 10) {
				line.setControls(concert, new LineControls(true, false, null, null), 0).block();
			}
			if (slot == 20) {
				line.setControls(concert, new LineControls(false, false, null, null), 0).block();
			}
			long tickStart = base + slot * TICK_MS;
			boolean paused = slot >= 10 && slot < 20;
			List<QueueLine.Tick> ticks = Flux.range(0, 4)
				.flatMap(instance -> line.promote(concert, tickStart + instance * 17))
				.collectList()
				.block();
			for (QueueLine.Tick tick : ticks) {
				assertThat(tick.paused()).isEqualTo(paused);
				if (paused) {
					admittedWhilePaused.addAndGet(tick.admitted().size());
				}
				admitted.addAll(tick.admitted());
			}
		}
		assertThat(admittedWhilePaused.get()).isZero();
		assertThat(admitted).hasSize(20 * 5);
		// the measured rate is the line's speed while it ran (5 per 100 ms), not diluted by the pause
		QueueLine.Tick after = line.promote(concert, base + 31 * TICK_MS).block();
		assertThat(after.admittedPerSecond()).isBetween(42.0, 62.0);
		assertThat(admitted).containsExactlyInAnyOrderElementsOf(arrivals.subList(0, 100));
	}

	@Test
	void liveLimitsAndDrainingTakeEffectAtTheNextCall() {
		QueueLine line = line(1000, 100);
		long base = 1_800_000_000_000L;
		long concert = freshConcert(line, new LineControls(false, false, 3, 2), 0);
		for (int i = 0; i < 10; i++) {
			line.enter(concert, UUID.randomUUID(), 0, WaitEstimate.Pace.NONE, base).block();
		}
		QueueLine.Tick first = line.promote(concert, base + TICK_MS).block();
		QueueLine.Tick second = line.promote(concert, base + 2 * TICK_MS).block();
		assertThat(first.admitted()).hasSize(2);
		assertThat(second.admitted()).as("max-active 3 reached").hasSize(1);
		assertThat(second.maxActive()).isEqualTo(3);
		assertThat(second.admitPerTick()).isEqualTo(2);

		line.setControls(concert, new LineControls(false, true, 3, 2), 0).block();
		UUID known = UUID.randomUUID();
		QueueLine.Entry closed = line.enter(concert, known, 0, WaitEstimate.Pace.NONE, base + 3 * TICK_MS).block();
		assertThat(closed.made()).as("a draining line makes no new entry").isFalse();
		line.setControls(concert, new LineControls(false, false, 3, 2), 0).block();
		assertThat(line.enter(concert, known, 0, WaitEstimate.Pace.NONE, base + 4 * TICK_MS).block().position()).isEqualTo(8);
	}

	@Test
	void aLineWhoseControlsRedisForgotAdmitsNobodyUntilTheyAreLoaded() {
		QueueLine line = line(1000, 100);
		long base = 1_900_000_000_000L;
		long concert = freshConcert(line, LineControls.DEFAULTS, 0);
		line.enter(concert, UUID.randomUUID(), 0, WaitEstimate.Pace.NONE, base).block();
		this.redis.delete(QueueKeys.controls(concert)).block();
		QueueLine.Tick unloaded = line.promote(concert, base + TICK_MS).block();
		assertThat(unloaded.loaded()).isFalse();
		assertThat(unloaded.ran()).isFalse();
		assertThat(unloaded.admitted()).isEmpty();
		line.setControls(concert, LineControls.DEFAULTS, 0).block();
		assertThat(line.promote(concert, base + 2 * TICK_MS).block().admitted()).hasSize(1);
	}

}
