package io.stagedoor.ratelimit;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import io.stagedoor.support.LuaScripts;
import io.stagedoor.web.RejectedException;
import io.stagedoor.web.Rejection;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Per-token polling and per-address issuance limits: a refused request gets
 * {@code 429 RATE_LIMITED} with {@code Retry-After}, and keeps its place in line.
 * <p>
 * Failure policy: when Redis cannot answer, the limiter lets the request through; the request
 * itself then meets the same outage and answers 503.
 */
@Component
public class RateLimiter {

	private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);

	private static final RedisScript<List<Object>> BUCKET = LuaScripts.listScript("rate-limit.lua");

	private static final String POLLING_TOO_FAST = "polling faster than pollAfterMs";

	private final ReactiveStringRedisTemplate redis;

	private final RateLimitProperties properties;

	RateLimiter(ReactiveStringRedisTemplate redis, RateLimitProperties properties) {
		this.redis = redis;
		this.properties = properties;
	}

	/** One status poll or stream opening of a user's entry in a concert's line. */
	public Mono<Void> poll(long concertId, UUID userId) {
		return take(pollBucket(concertId, userId), this.properties.pollsPerSecond(), this.properties.pollBurst(),
				POLLING_TOO_FAST);
	}

	/**
	 * The bucket of a user's polls in a concert's line, for a script that takes from it along with
	 * other work (the batched status poll); the concert's hash tag keeps it in the slot of its line.
	 */
	public static String pollBucket(long concertId, UUID userId) {
		return "rate:{" + concertId + "}:poll:" + userId;
	}

	/** The limits, to take from a bucket elsewhere as {@link #poll} would. */
	public RateLimitProperties limits() {
		return this.properties;
	}

	/** The answer to a poll refused by its bucket, {@code waitMs} before one would be allowed. */
	public static RejectedException pollRefused(long waitMs) {
		return refused(POLLING_TOO_FAST, waitMs);
	}

	/** One token issuance from a client address. */
	public Mono<Void> issue(String clientAddress) {
		return take(issueBucket(clientAddress), this.properties.issuesPerSecond(), this.properties.issueBurst(),
				"too many tokens taken from this address");
	}

	/** The bucket of token issuances from one client address (its own hash tag: no concert's). */
	static String issueBucket(String clientAddress) {
		return "rate:{issue:" + clientAddress + "}";
	}

	private Mono<Void> take(String key, double rate, int burst, String why) {
		if (!this.properties.enabled()) {
			return Mono.empty();
		}
		return LuaScripts.run(this.redis, BUCKET, List.of(key), rate, burst, null)
			.onErrorResume(ex -> {
				log.debug("Rate limit not checked: {}", ex.toString());
				return Mono.just(List.of(1L, 0L));
			})
			.flatMap(reply -> (LuaScripts.longAt(reply, 0) == 1) ? Mono.<Void>empty()
					: Mono.error(refused(why, LuaScripts.longAt(reply, 1))));
	}

	private static RejectedException refused(String why, long waitMs) {
		return new RejectedException(Rejection.RATE_LIMITED, why + "; try again shortly", Map.of(),
				Math.max(1, (waitMs + 999) / 1000));
	}

}
