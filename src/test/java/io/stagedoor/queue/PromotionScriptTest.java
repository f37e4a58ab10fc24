package io.stagedoor.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.stagedoor.security.QueueToken;
import io.stagedoor.security.QueueTokens;
import io.stagedoor.support.IntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The line's Lua scripts against the real Redis, with time moved by the {@code now} argument. Each
 * test uses a concert id that is in no database, so the application's own ticker leaves it alone.
 */
class PromotionScriptTest extends IntegrationTest {

	private static final long TICK_MS = 100;

	@Autowired
	private QueueTokens tokens;

	/** A concert id in no database, its controls loaded as the ticker would (the defaults). */
	private long freshConcert() {
		long concert = 900_000_000L + ThreadLocalRandom.current().nextLong(100_000_000L);
		line(1, 1).setControls(concert, LineControls.DEFAULTS, 0).block();
		return concert;
	}

	private QueueLine line(int maxActive, int admitPerTick) {
		QueueProperties properties = new QueueProperties(maxActive, admitPerTick, Duration.ofMillis(TICK_MS),
				Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(30), 1000,
				Duration.ofSeconds(5));
		return new QueueLine(this.redis, properties, this.tokens);
	}

	@Test
	void promotionByFourInstancesAtOnceNeverExceedsMaxActiveAndKeepsArrivalOrder() {
		long concert = freshConcert();
		int maxActive = 50;
		QueueLine line = line(maxActive, 20);
		long base = 1_000_000_000_000L;
		List<UUID> arrivals = new ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			UUID user = UUID.randomUUID();
			arrivals.add(user);
			line.enter(concert, user, 0, WaitEstimate.Pace.NONE, base).block();
		}
		Map<Long, List<UUID>> admittedBySlot = new ConcurrentHashMap<>();
		AtomicLong highestActive = new AtomicLong();
		AtomicLong runs = new AtomicLong();
		Map<UUID, Boolean> leaving = new ConcurrentHashMap<>();
		// four instances, each calling once per slot at its own offset within the tick, while admitted
		// users leave so that slots keep freeing up
		Flux.range(0, 4)
			.flatMap(instance -> Flux.range(1, 400).concatMap(slot -> {
				long now = base + slot * TICK_MS + instance * 17;
				return line.promote(concert, now).flatMap(tick -> {
					highestActive.accumulateAndGet(tick.active(), Math::max);
					if (!tick.ran()) {
						return Mono.empty();
					}
					runs.incrementAndGet();
					admittedBySlot.put(now / TICK_MS, tick.admitted());
					return Flux.fromIterable(tick.admitted())
						.filter(user -> ThreadLocalRandom.current().nextInt(3) == 0 && leaving.putIfAbsent(user, true) == null)
						.flatMap(user -> tokenOf(concert, user).flatMap(token -> line.leave(token, true)))
						.then();
				});
			}), 4)
			.blockLast(Duration.ofMinutes(2));

		assertThat(highestActive.get()).isLessThanOrEqualTo(maxActive);
		assertThat(runs.get()).as("one run per tick slot, however many instances call").isEqualTo(admittedBySlot.size());
		List<UUID> admittedInOrder = new ArrayList<>();
		new TreeMap<>(admittedBySlot).values().forEach(admittedInOrder::addAll);
		assertThat(admittedBySlot.values()).allSatisfy(batch -> assertThat(batch.size()).isLessThanOrEqualTo(20));
		assertThat(admittedInOrder).isNotEmpty();
		assertThat(admittedInOrder).isEqualTo(arrivals.subList(0, admittedInOrder.size()));
	}

	private static QueueToken token(long concert, UUID user, QueueLine.Entry entry) {
		return new QueueToken(user, concert, entry.arrival(), entry.tokenId(), null);
	}

	private Mono<QueueToken> tokenOf(long concert, UUID user) {
		return this.redis.opsForHash()
			.get(QueueKeys.entries(concert), user.toString())
			.map(Object::toString)
			.map(entry -> new QueueToken(user, concert, 0, entry.substring(0, entry.indexOf(':')), null));
	}

	@Test
	void aSecondCallInTheSameTickDoesNothing() {
		long concert = freshConcert();
		QueueLine line = line(1000, 5);
		long now = 2_000_000_000_000L;
		for (int i = 0; i < 20; i++) {
			line.enter(concert, UUID.randomUUID(), 0, WaitEstimate.Pace.NONE, now).block();
		}
		QueueLine.Tick first = line.promote(concert, now).block();
		QueueLine.Tick again = line.promote(concert, now + TICK_MS - 1).block();
		QueueLine.Tick next = line.promote(concert, now + TICK_MS).block();
		assertThat(first.ran()).isTrue();
		assertThat(first.admitted()).hasSize(5);
		assertThat(again.ran()).isFalse();
		assertThat(again.admitted()).isEmpty();
		assertThat(next.ran()).isTrue();
		assertThat(next.active()).isEqualTo(10);
		assertThat(next.waiting()).isEqualTo(10);
	}

	@Test
	void reEnteringWhileLiveKeepsThePlaceAndArrivalNumbersNeverTie() {
		long concert = freshConcert();
		QueueLine line = line(1000, 5);
		long now = 3_000_000_000_000L;
		UUID first = UUID.randomUUID();
		QueueLine.Entry entered = line.enter(concert, first, 0, WaitEstimate.Pace.NONE, now).block();
		List<Long> arrivals = Collections.synchronizedList(new ArrayList<>());
		Flux.range(0, 200)
			.flatMap(i -> line.enter(concert, UUID.randomUUID(), 0, WaitEstimate.Pace.NONE, now))
			.doOnNext(e -> arrivals.add(e.arrival()))
			.blockLast();
		QueueLine.Entry again = line.enter(concert, first, 0, WaitEstimate.Pace.NONE, now + 10).block();
		assertThat(entered.created()).isTrue();
		assertThat(again.created()).isFalse();
		assertThat(again.tokenId()).isEqualTo(entered.tokenId());
		assertThat(again.position()).isEqualTo(1);
		assertThat(arrivals).doesNotHaveDuplicates().hasSize(200);
	}

	@Test
	void aWaitingUserUnseenForTheIdleTimeoutLosesThePlace() {
		long concert = freshConcert();
		QueueLine line = line(1, 1);
		long now = 4_000_000_000_000L;
		UUID front = UUID.randomUUID();
		UUID idle = UUID.randomUUID();
		UUID polling = UUID.randomUUID();
		line.enter(concert, front, 0, WaitEstimate.Pace.NONE, now).block();
		QueueLine.Entry idleEntry = line.enter(concert, idle, 0, WaitEstimate.Pace.NONE, now).block();
		QueueLine.Entry pollingEntry = line.enter(concert, polling, 0, WaitEstimate.Pace.NONE, now).block();
		line.promote(concert, now).block();
		QueueToken pollingToken = token(concert, polling, pollingEntry);
		assertThat(line.check(pollingToken, now + 20_000).block().position()).isEqualTo(2);
		line.promote(concert, now + 31_000).block();
		QueueToken idleToken = token(concert, idle, idleEntry);
		assertThat(line.check(idleToken, now + 31_001).block().live()).isFalse();
		QueueLine.Standing stillThere = line.check(pollingToken, now + 31_001).block();
		assertThat(stillThere.live()).isTrue();
		assertThat(stillThere.position()).as("moved up when the idle user ahead was dropped").isEqualTo(1);
	}

	@Test
	void anActiveEntryLapsesAfterActiveTtlUnusedAndAtActiveMaxEvenWhenUsed() {
		long concert = freshConcert();
		QueueLine line = line(10, 10);
		long now = 5_000_000_000_000L;
		UUID idleUser = UUID.randomUUID();
		UUID busyUser = UUID.randomUUID();
		QueueLine.Entry idle = line.enter(concert, idleUser, 0, WaitEstimate.Pace.NONE, now).block();
		QueueLine.Entry busy = line.enter(concert, busyUser, 0, WaitEstimate.Pace.NONE, now).block();
		assertThat(line.promote(concert, now).block().admitted()).containsExactly(idleUser, busyUser);
		QueueToken idleToken = token(concert, idleUser, idle);
		QueueToken busyToken = token(concert, busyUser, busy);
		// active-ttl 60 s, active-max 120 s: the busy user uses the token every 50 s
		for (long t = 50_000; t <= 100_000; t += 50_000) {
			assertThat(line.check(busyToken, now + t).block().state()).isEqualTo(QueueState.ACTIVE);
		}
		assertThat(line.check(idleToken, now + 60_001).block().live()).isFalse();
		QueueLine.Tick lapse = line.promote(concert, now + 60_100).block();
		assertThat(lapse.lapsed()).containsExactly(idleUser);
		assertThat(line.check(busyToken, now + 119_000).block().at().toEpochMilli()).isEqualTo(now + 120_000);
		assertThat(line.check(busyToken, now + 120_000).block().live()).isFalse();
	}

}
