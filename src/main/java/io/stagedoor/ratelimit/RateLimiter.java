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

	private final ReactiveStringRedisTemplate redis;

	private final RateLimitProperties properties;

	RateLimiter(ReactiveStringRedisTemplate redis, RateLimitProperties properties) {
		this.redis = redis;
		this.properties = properties;
	}

	/** One status poll or stream opening of a user's entry in a concert's line. */
	public Mono<Void> poll(long concertId, UUID userId) {
		// the concert's hash tag keeps the bucket in the slot of the line it belongs to
		return take("rate:{" + concertId + "}:poll:" + userId, this.properties.pollsPerSecond(),
				this.properties.pollBurst(), "polling faster than pollAfterMs");
	}

	/** One token issuance from a client address. */
	public Mono<Void> issue(String clientAddress) {
		return take("rate:{issue:" + clientAddress + "}", this.properties.issuesPerSecond(), this.properties.issueBurst(),
				"too many tokens taken from this address");
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
					: Mono.error(new RejectedException(Rejection.RATE_LIMITED, why + "; try again shortly",
							Map.of(), Math.max(1, (LuaScripts.longAt(reply, 1) + 999) / 1000))));
	}

}
