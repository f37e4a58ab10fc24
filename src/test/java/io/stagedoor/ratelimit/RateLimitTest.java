package io.stagedoor.ratelimit;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import io.stagedoor.support.Api.Response;
import io.stagedoor.support.Api.User;
import io.stagedoor.support.IntegrationTest;
import io.stagedoor.support.TestConcerts;

import org.springframework.http.HttpMethod;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@TestPropertySource(properties = { "stagedoor.rate-limit.enabled=true", "stagedoor.rate-limit.polls-per-second=1",
		"stagedoor.rate-limit.poll-burst=2", "stagedoor.rate-limit.issues-per-second=0.1",
		"stagedoor.rate-limit.issue-burst=40" })
class RateLimitTest extends IntegrationTest {

	@Test
	void aClientPollingTooFastIsSlowedNotDroppedAndAPoliteOneIsNeverRefused() {
		TestConcerts.Concert concert = this.concerts.create();
		UUID id = UUID.randomUUID();
		Response entered = this.api.enter(id, concert.id());
		User user = new User(id, entered.field("token"));

		List<Response> burst = Flux.range(0, 10)
			.concatMap(i -> this.api.call(HttpMethod.GET, "/api/v1/queue/status", user.token(), null, java.util.Map.of()))
			.collectList()
			.block();
		assertThat(burst).filteredOn(r -> r.status() == 429).isNotEmpty().allSatisfy(r -> {
			assertThat(r.code()).isEqualTo("RATE_LIMITED");
			assertThat(r.headers().getFirst("Retry-After")).isNotNull();
		});

		long start = System.currentTimeMillis();
		// a polite client: waits pollAfterMs (never under a second) between polls
		for (int i = 0; i < 3; i++) {
			Response polite = this.api.get("/api/v1/queue/status", user.token());
			long pollAfter = polite.status() == 200 ? polite.body().get("pollAfterMs").asLong() : 1000;
			if (i > 0) {
				assertThat(polite.status()).as("a poll after pollAfterMs").isEqualTo(200);
			}
			long due = System.currentTimeMillis() + pollAfter;
			await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
				.until(() -> System.currentTimeMillis() >= due);
		}
		assertThat(System.currentTimeMillis() - start).isGreaterThan(2000);
		assertThat(this.api.get("/api/v1/queue/status", user.token()).status()).as("the place was kept").isEqualTo(200);
	}

	@Test
	void oneAddressTakingTokensBeyondItsBurstIsSlowed() {
		// this address's bucket outlives a run by minutes (it refills at 0.1/s): start from a full one
		this.redis.delete(RateLimiter.issueBucket("127.0.0.1")).block();
		TestConcerts.Concert concert = this.concerts.create();
		List<UUID> users = Flux.range(0, 60).map(i -> UUID.randomUUID()).collectList().block();
		List<Response> answers = Flux.fromIterable(users)
			.concatMap(user -> this.api.call(HttpMethod.POST, "/api/v1/queue/tokens", null,
					java.util.Map.of("userId", user.toString(), "concertId", concert.id()), java.util.Map.of()))
			.collectList()
			.block();
		assertThat(answers).filteredOn(r -> r.status() == 201).hasSizeBetween(40, 42);
		assertThat(answers).filteredOn(r -> r.status() != 201).allSatisfy(r -> {
			assertThat(r.status()).isEqualTo(429);
			assertThat(r.code()).isEqualTo("RATE_LIMITED");
			assertThat(Long.parseLong(r.headers().getFirst("Retry-After"))).isPositive();
		});
	}

}
