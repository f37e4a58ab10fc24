package io.stagedoor;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import io.stagedoor.support.IntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every request asks Spring Data Redis for the shared reactive connection, under the factory's
 * lock, from whichever event loop it runs on. Under BlockHound a contended lock used to throw
 * {@code BlockingOperationError} from inside the lock's park: a 500 for that request, and — the
 * exception leaving the lock's wait queue half-updated — an event loop later parked on that lock for
 * good, so every connection it served went unanswered (the 30 s "hang" of HostileInputTest, and of
 * a CI run whose thread dump showed {@code webflux-http-epoll-1} parked in
 * {@code LettuceConnectionFactory.doInLock} with no owner). Many non-blocking threads ask at once
 * here; every ask must succeed, promptly.
 */
class SharedRedisConnectionRaceTest extends IntegrationTest {

	@Autowired
	ReactiveRedisConnectionFactory connections;

	@Test
	void manyEventLoopsTakeTheSharedConnectionAtOnce() {
		int threads = Math.max(4, Schedulers.DEFAULT_POOL_SIZE);
		Long served = Flux.range(0, threads)
			.parallel(threads)
			.runOn(Schedulers.parallel())
			.flatMap(i -> Flux.range(0, 20_000).map(n -> {
				this.connections.getReactiveConnection();
				return 1L;
			}).count())
			.sequential()
			.reduce(0L, Long::sum)
			.timeout(Duration.ofSeconds(60), Mono.error(() -> new AssertionError("an ask for the shared connection never returned")))
			.block();
		assertThat(served).isEqualTo(threads * 20_000L);
	}

}
