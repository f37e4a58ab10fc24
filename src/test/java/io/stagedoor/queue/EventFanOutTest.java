package io.stagedoor.queue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.management.UnixOperatingSystemMXBean;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import tools.jackson.databind.json.JsonMapper;

import io.stagedoor.support.Api.User;
import io.stagedoor.support.IntegrationTest;
import io.stagedoor.support.Requirements;
import io.stagedoor.support.TestConcerts;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Thousands of event streams on one instance: all get their events, and the Redis calls per tick
 * stay the same whether 20 or 2,000 streams are open.
 */
@TestPropertySource(properties = { "stagedoor.queue.max-active=1", "stagedoor.queue.admit-per-tick=1",
		"stagedoor.queue.tick=200ms", "stagedoor.queue.idle-timeout=1m" })
class EventFanOutTest extends IntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static final int STREAMS = 2000;

	@Autowired
	MeterRegistry metrics;

	@Autowired
	LineWatch watch;

	@Test
	void twoThousandStreamsAllSeeThePositionFallWhileRedisCallsPerTickStayFlat() {
		var os = ManagementFactory.getOperatingSystemMXBean();
		Requirements.require(!(os instanceof UnixOperatingSystemMXBean unix) || unix.getMaxFileDescriptorCount() >= 3 * STREAMS,
				"an open files limit (ulimit -n) of at least " + 3 * STREAMS + " (.ci/run raises it)");
		TestConcerts.Concert concert = this.concerts.create();
		User front = this.api.activeUser(concert.id());
		List<UUID> ids = new ArrayList<>();
		for (int i = 0; i <= STREAMS; i++) {
			ids.add(UUID.randomUUID());
		}
		// entered 64 at a time, so arrival order is not list order: the head is whoever got place 1
		Map<User, Long> places = Flux.fromIterable(ids)
			.flatMap(id -> this.api.call(org.springframework.http.HttpMethod.POST, "/api/v1/queue/tokens", null,
					Map.of("userId", id.toString(), "concertId", concert.id()), Map.of())
				.map(r -> Map.entry(new User(id, r.field("token")), r.body().get("position").asLong())), 64)
			.collectMap(Map.Entry::getKey, Map.Entry::getValue)
			.block(Duration.ofMinutes(2));
		User head = places.entrySet().stream().filter(e -> e.getValue() == 1).findFirst().orElseThrow().getKey();
		List<User> followers = places.keySet().stream().filter(user -> !user.equals(head)).toList();

		double few = callsPerTick(concert, followers.subList(0, 20));

		Map<UUID, List<Integer>> positions = new ConcurrentHashMap<>();
		List<Disposable> streams = new CopyOnWriteArrayList<>();
		for (User user : followers) {
			positions.put(user.id(), new CopyOnWriteArrayList<>());
			streams.add(this.api.events(user.token())
				.filter(e -> "position".equals(e.event()))
				.map(e -> JSON.readTree(e.data()).get("position").asInt())
				.subscribe(p -> positions.get(user.id()).add(p)));
		}
		await().atMost(Duration.ofSeconds(60)).until(() -> positions.values().stream().allMatch(p -> !p.isEmpty()));
		await().atMost(Duration.ofSeconds(10)).until(() -> lineWatch().followed(concert.id()) == STREAMS);

		double many = callsPerTick(concert, List.of());

		// the head of the line leaves, the one active user leaves: everyone moves up twice
		assertThat(this.api.delete("/api/v1/queue/tokens/me", head.token()).status()).isEqualTo(204);
		assertThat(this.api.delete("/api/v1/queue/tokens/me", front.token()).status()).isEqualTo(204);
		assertThat(positions.values().stream().map(seen -> seen.get(0)).sorted().toList())
			.as("every place behind the head, once").isEqualTo(java.util.stream.IntStream.rangeClosed(2, STREAMS + 1).boxed().toList());
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			for (List<Integer> seen : positions.values()) {
				int start = seen.get(0);
				// the one behind the head is admitted, maybe in the same tick as the head left
				if (start > 2) {
					assertThat(seen).last().isEqualTo(start - 2);
				}
			}
		});
		User admitted = followers.stream().filter(u -> positions.get(u.id()).get(0) == 2).findFirst().orElseThrow();
		assertThat(this.api.get("/api/v1/queue/status", admitted.token()).field("status")).isEqualTo("ACTIVE");
		positions.values().forEach(seen -> {
			for (int i = 1; i < seen.size(); i++) {
				assertThat(seen.get(i)).as("never the same position twice in a row").isNotEqualTo(seen.get(i - 1));
			}
		});
		streams.forEach(Disposable::dispose);
		await().atMost(Duration.ofSeconds(10)).until(() -> lineWatch().followed(concert.id()) == 0);

		assertThat(few).isBetween(0.5, 1.5);
		assertThat(many).as("script calls per tick with %d streams vs 20", STREAMS).isBetween(0.5, 1.5);
	}

	private LineWatch lineWatch() {
		return this.watch;
	}

	/** Script calls per tick over about ten ticks, with the given extra streams open meanwhile. */
	private double callsPerTick(TestConcerts.Concert concert, List<User> open) {
		List<Disposable> extra = new ArrayList<>();
		open.forEach(user -> extra.add(this.api.events(user.token()).subscribe()));
		if (!open.isEmpty()) {
			await().atMost(Duration.ofSeconds(10)).until(() -> lineWatch().followed(concert.id()) == open.size());
		}
		double before = calls(concert);
		long start = System.nanoTime();
		// a rate is measured over time: about ten ticks of 200 ms
		await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
		double ticks = (System.nanoTime() - start) / 1e9 / 0.2;
		double perTick = (calls(concert) - before) / ticks;
		extra.forEach(Disposable::dispose);
		return perTick;
	}

	private double calls(TestConcerts.Concert concert) {
		var counter = this.metrics.find("stagedoor.queue.watch.calls").tag("concert", Long.toString(concert.id())).counter();
		return counter == null ? 0 : counter.count();
	}

}
