package io.stagedoor.queue;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Whether each concert's line is reachable: one real command (EXISTS on the concert's controls key)
 * per open concert, which Redis Cluster routes to the master of that concert's slot — not a PING to
 * whichever node answers. On one Redis every concert shares the same fate; on a cluster this names
 * the concerts of a shard that is down while the others sell. Shown with details at
 * {@code /actuator/health/shards}, and as a component of {@code /actuator/health}; deliberately
 * not part of readiness (docs/scaling.md): every instance sees the same shard down, and taking them
 * all out of the load balancer would turn the affected concerts' informative 503s, and every other
 * concert's sales, into connection errors.
 */
@Component("concertShards")
class ConcertShardsHealth implements ReactiveHealthIndicator {

	static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);

	private final ConcertLookup concerts;

	private final ReactiveStringRedisTemplate redis;

	ConcertShardsHealth(ConcertLookup concerts, ReactiveStringRedisTemplate redis) {
		this.concerts = concerts;
		this.redis = redis;
	}

	@Override
	public Mono<Health> health() {
		return this.concerts.concertIds()
			.flatMap(id -> this.redis.hasKey(QueueKeys.controls(id))
				.timeout(CHECK_TIMEOUT)
				.map(any -> Map.entry(id, "UP"))
				.onErrorResume(ex -> Mono.just(Map.entry(id, "DOWN: " + ex.getClass().getSimpleName()))), 64)
			.collectList()
			.map(results -> {
				Map<Long, String> down = new TreeMap<>();
				results.stream().filter(r -> !"UP".equals(r.getValue())).forEach(r -> down.put(r.getKey(), r.getValue()));
				Health.Builder health = down.isEmpty() ? Health.up() : Health.down();
				return health.withDetail("concerts", results.size())
					.withDetail("reachable", results.size() - down.size())
					.withDetail("down", down)
					.build();
			})
			.onErrorResume(ex -> Mono.just(Health.unknown()
				.withDetail("error", "the concerts could not be listed: " + ex.getClass().getSimpleName())
				.build()));
	}

}
