package io.stagedoor.ratelimit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.stagedoor.support.Api.Response;
import io.stagedoor.support.Api.User;
import io.stagedoor.support.IntegrationTest;
import io.stagedoor.support.TestConcerts;

import org.springframework.http.HttpMethod;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@TestPropertySource(properties = { "stagedoor.rate-limit.enabled=true", "stagedoor.rate-limit.polls-per-second=1",
		"stagedoor.rate-limit.poll-burst=2", "stagedoor.rate-limit.issues-per-second=0.1",
		"stagedoor.rate-limit.issue-burst=40" })
class RateLimitTest extends IntegrationTest {

	// the tests' address's issuance bucket outlives a test by minutes (it refills at 0.1/s): each
	// test starts from a full one
	@BeforeEach
	void fullIssueBucket() {
		this.redis.delete(RateLimiter.issueBucket("127.0.0.1")).block();
	}

	/**
	 * What HTTP adds to the bucket: the refusal is a {@code 429 RATE_LIMITED} problem with
	 * {@code Retry-After}, and a client that waits it out finds its place in line as it was. That a
	 * client waiting its {@code pollAfterMs} is never refused is a claim about the bucket's refill:
	 * {@link RateLimitScriptTest#aClientWaitingPollAfterMsAfterItsBurstIsNeverRefused}.
	 */
	@Test
	void aClientPollingTooFastIsToldToRetryLaterAndKeepsItsPlace() {
		TestConcerts.Concert concert = this.concerts.create();
		// a paused line admits nobody, so the place the client holds cannot move while it is slowed
		assertThat(this.api.admin(HttpMethod.PATCH, "/admin/api/concerts/" + concert.id() + "/controls",
				Map.of("paused", true)).status()).isEqualTo(200);
		this.api.enter(UUID.randomUUID(), concert.id());
		UUID id = UUID.randomUUID();
		Response entered = this.api.enter(id, concert.id());
		assertThat(entered.status()).as(entered.text()).isEqualTo(201);
		User user = new User(id, entered.field("token"));
		assertThat(entered.body().get("position").asLong()).isEqualTo(2);

		List<Response> burst = Flux.range(0, 10)
			.concatMap(i -> this.api.call(HttpMethod.GET, "/api/v1/queue/status", user.token(), null, Map.of()))
			.collectList()
			.block();
		assertThat(burst.subList(0, 2)).as("the poll burst of 2").allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
		List<Response> refused = burst.stream().filter(r -> r.status() != 200).toList();
		assertThat(refused).as("polls beyond the burst within a second").isNotEmpty().allSatisfy(r -> {
			assertThat(r.status()).isEqualTo(429);
			assertThat(r.code()).isEqualTo("RATE_LIMITED");
			assertThat(Long.parseLong(r.headers().getFirst("Retry-After"))).isPositive();
		});

		long retryAfter = Long.parseLong(refused.get(refused.size() - 1).headers().getFirst("Retry-After"));
		Response later = Mono.delay(Duration.ofSeconds(retryAfter))
			.then(this.api.call(HttpMethod.GET, "/api/v1/queue/status", user.token(), null, Map.of()))
			.block();
		assertThat(later.status()).as("the poll after Retry-After").isEqualTo(200);
		assertThat(later.field("status")).isEqualTo("WAITING");
		assertThat(later.body().get("position").asLong()).as("the place was kept").isEqualTo(2);
	}

	@Test
	void oneAddressTakingTokensBeyondItsBurstIsSlowed() {
		TestConcerts.Concert concert = this.concerts.create();
		List<UUID> users = Flux.range(0, 60).map(i -> UUID.randomUUID()).collectList().block();
		List<Response> answers = Flux.fromIterable(users)
			.concatMap(user -> this.api.call(HttpMethod.POST, "/api/v1/queue/tokens", null,
					Map.of("userId", user.toString(), "concertId", concert.id()), Map.of()))
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
