package io.stagedoor.ratelimit;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import org.junit.jupiter.api.Test;

import io.stagedoor.queue.TestPolls;
import io.stagedoor.support.LuaScripts;
import io.stagedoor.support.ScriptTest;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code rate-limit.lua} (a token bucket, {@code bucket.lua}) with time moved by its {@code now}. */
class RateLimitScriptTest extends ScriptTest {

	private static final RedisScript<List<Object>> SCRIPT = LuaScripts.listScript("rate-limit.lua");

	private static final long T0 = 1_700_000_000_000L;

	private final String bucket = key(RateLimiter.pollBucket(freshConcert(), UUID.randomUUID()));

	private List<Object> take(double rate, int burst, long now) {
		return run(SCRIPT, List.of(this.bucket), rate, burst, now);
	}

	@Test
	void aFullBucketLetsItsBurstThroughAtOnceThenRefusesWithTheWait() {
		for (int i = 0; i < 3; i++) {
			assertThat(take(1, 3, T0)).as("request %d of the burst", i + 1).containsExactly(1L, 0L);
		}
		assertThat(take(1, 3, T0)).as("one past the burst: refused, a second to wait").containsExactly(0L, 1000L);
	}

	@Test
	void aSpentBucketAllowsOneRequestOnceItRefilledAndNotBefore() {
		take(2, 1, T0);
		assertThat(take(2, 1, T0 + 250)).as("half a token short of one").containsExactly(0L, 250L);
		assertThat(take(2, 1, T0 + 500)).as("a refill of 2/s brings one back in 500 ms").containsExactly(1L, 0L);
		assertThat(take(2, 1, T0 + 500)).containsExactly(0L, 500L);
	}

	@Test
	void aRefusedRequestTakesNothingSoAPoliteRetryGoesThrough() {
		take(1, 1, T0);
		for (int i = 0; i < 5; i++) {
			assertThat(take(1, 1, T0 + 100 * i)).element(0).isEqualTo(0L);
		}
		assertThat(take(1, 1, T0 + 1000)).as("retried after the wait it was told").containsExactly(1L, 0L);
	}

	@Test
	void aBucketIsForgottenOnceItWouldBeFullAgain() {
		take(0.5, 4, T0);
		long ttl = pttl(this.bucket);
		assertThat(ttl).as("burst / rate + 1 s").isBetween(8_000L, 9_000L);
	}

	@Test
	void aClientWaitingPollAfterMsAfterItsBurstIsNeverRefused() throws Exception {
		RateLimitProperties configured = configuredLimits();
		RateLimitProperties lowestAllowed = new RateLimitProperties(true, lowestAllowedPollsPerSecond(),
				lowestAllowedPollBurst(), configured.issuesPerSecond(), configured.issueBurst());
		long pollAfterMs = TestPolls.shortestPollAfterMs();
		for (RateLimitProperties limits : List.of(configured, lowestAllowed)) {
			String bucket = key(RateLimiter.pollBucket(freshConcert(), UUID.randomUUID()));
			double rate = limits.pollsPerSecond();
			int burst = limits.pollBurst();
			String which = "at " + rate + " polls/s, burst " + burst;
			for (int i = 0; i < burst; i++) {
				assertThat(run(SCRIPT, List.of(bucket), rate, burst, T0)).as("%s: poll %d of the burst", which, i + 1)
					.containsExactly(1L, 0L);
			}
			assertThat(run(SCRIPT, List.of(bucket), rate, burst, T0)).as("%s: the burst emptied the bucket", which)
				.element(0)
				.isEqualTo(0L);
			// then the client polls politely: each poll pollAfterMs after the one before (the shortest the line tells)
			for (int i = 1; i <= 3 * burst; i++) {
				assertThat(run(SCRIPT, List.of(bucket), rate, burst, T0 + i * pollAfterMs))
					.as("%s: the poll %d ms after the burst", which, i * pollAfterMs)
					.containsExactly(1L, 0L);
			}
		}
	}

	// the limits application.yml configures (its rate-limit block, bound as the application binds it)
	private static RateLimitProperties configuredLimits() throws IOException {
		Binder binder = new Binder(ConfigurationPropertySources
			.from(new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"))));
		return binder.bindOrCreate("stagedoor.rate-limit", RateLimitProperties.class);
	}

	// the slowest refill the properties accept: what the promise to polite clients must hold at
	private static double lowestAllowedPollsPerSecond() throws NoSuchFieldException {
		return Double.parseDouble(
				RateLimitProperties.class.getDeclaredField("pollsPerSecond").getAnnotation(DecimalMin.class).value());
	}

	private static int lowestAllowedPollBurst() throws NoSuchFieldException {
		return Math.toIntExact(RateLimitProperties.class.getDeclaredField("pollBurst").getAnnotation(Min.class).value());
	}

}
