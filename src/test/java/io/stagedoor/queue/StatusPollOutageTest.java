package io.stagedoor.queue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.stagedoor.support.Api.Response;
import io.stagedoor.support.Api.User;
import io.stagedoor.support.IntegrationTest;
import io.stagedoor.support.Requirements;
import io.stagedoor.support.TcpProxy;
import io.stagedoor.support.TestConcerts;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Status polls while Redis is gone or hangs: every one answers 503 {@code UNAVAILABLE} within two
 * ticks of being sent, never a stale position and never a hang, and polls answer again, with the
 * place kept, once Redis is back. This instance reaches Redis through a proxy the test takes away.
 * It needs the servers named in the environment (as CI runs): the embedded mode has no address to
 * put a proxy in front of before the context starts.
 */
@TestPropertySource(properties = { "stagedoor.queue.tick=1s", "stagedoor.queue.max-active=1",
		"stagedoor.queue.admit-per-tick=1", "stagedoor.queue.idle-timeout=1m" })
class StatusPollOutageTest extends IntegrationTest {

	private static final String STATUS = "/api/v1/queue/status";

	private static final String REDIS_URL = System.getenv("SPRING_DATA_REDIS_URL");

	private static TcpProxy proxy;

	@Autowired
	QueueProperties properties;

	@BeforeAll
	static void needsServersFromTheEnvironment() {
		Requirements.require(REDIS_URL != null && System.getenv("SPRING_R2DBC_URL") != null,
				"servers named in SPRING_DATA_REDIS_URL and SPRING_R2DBC_URL (.ci/run sets both)");
	}

	@DynamicPropertySource
	static void redisThroughTheProxy(DynamicPropertyRegistry registry) {
		if (REDIS_URL == null) {
			return;
		}
		URI redis = URI.create(REDIS_URL);
		proxy = new TcpProxy(redis.getHost(), redis.getPort() > 0 ? redis.getPort() : 6379);
		String path = (redis.getPath() == null) ? "" : redis.getPath();
		registry.add("spring.data.redis.url", () -> "redis://127.0.0.1:" + proxy.port() + path);
	}

	@AfterAll
	static void closeProxy() {
		if (proxy != null) {
			proxy.close();
		}
	}

	@Test
	void pollsAnswer503WithinTwoTicksWhileRedisIsGoneOrHangsAndTheirPlaceOnceItIsBack() {
		TestConcerts.Concert concert = this.concerts.create();
		User front = this.api.activeUser(concert.id());
		User user = enter(concert);
		long position = waitingPosition(user);
		assertThat(position).isPositive();
		Duration twoTicks = this.properties.tick().multipliedBy(2);

		proxy.cut();
		assertAllUnavailableWithin(pollsMeanwhile(user, front), twoTicks);
		proxy.restore();
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
			.until(() -> this.api.get(STATUS, user.token()).status() == 200);
		assertThat(waitingPosition(user)).as("the place is kept").isEqualTo(position);

		proxy.freeze();
		try {
			assertAllUnavailableWithin(pollsMeanwhile(user, front), twoTicks);
		}
		finally {
			proxy.restore();
		}
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
			.until(() -> this.api.get(STATUS, user.token()).status() == 200);
		assertThat(waitingPosition(user)).as("the place is kept").isEqualTo(position);
		assertThat(this.api.get(STATUS, front.token()).field("status")).isEqualTo("ACTIVE");
	}

	private User enter(TestConcerts.Concert concert) {
		UUID id = UUID.randomUUID();
		Response entered = this.api.enter(id, concert.id());
		assertThat(entered.status()).isEqualTo(201);
		return new User(id, entered.field("token"));
	}

	private long waitingPosition(User user) {
		Response status = this.api.get(STATUS, user.token());
		assertThat(status.status()).isEqualTo(200);
		assertThat(status.field("status")).isEqualTo("WAITING");
		return status.body().get("position").asLong();
	}

	/**
	 * Polls of both users in waves over a second and a half, so some wait behind a call that is
	 * already hanging: each with the time it took.
	 */
	private List<Timed> pollsMeanwhile(User... users) {
		return Flux.interval(Duration.ofMillis(150))
			.take(10)
			.flatMap(wave -> Flux.range(0, 20)
				.flatMap(i -> timed(users[i % users.length])))
			.collectList()
			.block(Duration.ofSeconds(60));
	}

	private Mono<Timed> timed(User user) {
		return Mono.defer(() -> {
			long start = System.nanoTime();
			return this.api.call(HttpMethod.GET, STATUS, user.token(), null, Map.of())
				.map(r -> new Timed(r, Duration.ofNanos(System.nanoTime() - start)));
		});
	}

	private static void assertAllUnavailableWithin(List<Timed> polls, Duration bound) {
		assertThat(polls).hasSize(200).allSatisfy(poll -> {
			assertThat(poll.response().status()).as(poll.response().text()).isEqualTo(503);
			assertThat(poll.response().code()).isEqualTo("UNAVAILABLE");
			assertThat(poll.response().headers().getFirst("Retry-After")).isNotNull();
			assertThat(poll.took()).as("answered within two ticks").isLessThanOrEqualTo(bound);
		});
	}

	private record Timed(Response response, Duration took) {
	}

}
