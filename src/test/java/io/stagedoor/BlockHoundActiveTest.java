package io.stagedoor;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The guard behind every other test: a blocking call on a reactive thread fails the test JVM's code. */
class BlockHoundActiveTest {

	@Test
	void blockingOnAReactiveThreadIsCaught() {
		Mono<Void> sleepy = Mono.<Void>fromRunnable(() -> {
			try {
				Thread.sleep(1);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}).subscribeOn(Schedulers.parallel());
		assertThatThrownBy(() -> sleepy.block(Duration.ofSeconds(5))).hasMessageContaining("Blocking call");
	}

}
