package io.stagedoor.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.stagedoor.support.Api.User;
import io.stagedoor.support.IntegrationTest;
import io.stagedoor.support.OwnedSentinel;
import io.stagedoor.support.TestConcerts;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stagedoor behind Sentinel (a master, a replica, three Sentinels), configured with Spring's
 * {@code spring.data.redis.sentinel.master} and {@code .nodes} alone: the booking flow works, and a
 * master SIGKILLed during a sale is survived by itself — 503 with Retry-After while the Sentinels
 * decide, 2xx again within down-after-milliseconds + 5 s, without a restart of Stagedoor and
 * without the dead master coming back.
 */
@DirtiesContext
class RedisSentinelTest extends IntegrationTest {

	private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RedisSentinelTest.class);

	static OwnedSentinel sentinel;

	@BeforeAll
	static void startSentinel() {
		sentinel = OwnedSentinel.start();
	}

	@AfterAll
	static void stopSentinel() {
		if (sentinel != null) {
			sentinel.close();
		}
	}

	@DynamicPropertySource
	static void sentinelNodes(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.sentinel.master", () -> OwnedSentinel.MASTER_NAME);
		registry.add("spring.data.redis.sentinel.nodes", () -> sentinel.sentinelNodes());
	}

	/** How long a group must answer only 200 after a failover to count as normal again. */
	private static final Duration STEADY = Duration.ofSeconds(5);

	@Test
	void theBookingFlowRunsAndAMasterKilledDuringASaleIsSurvived() throws Exception {
		TestConcerts.Concert concert = this.concerts.create();
		FailoverWatch.buyOneSeat(this.api, concert, 7);
		List<User> buyers = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			buyers.add(this.api.activeUser(concert.id()));
		}
		sentinel.awaitReplicated();
		int master = sentinel.master();

		FailoverWatch watch = new FailoverWatch(this.api, Map.of("buyers", buyers));
		watch.awaitBaseline(3);
		long killedAt = System.currentTimeMillis();
		sentinel.killMaster();
		await().atMost(OwnedSentinel.DOWN_AFTER.plusSeconds(20)).pollInterval(Duration.ofMillis(100))
			.until(() -> sentinel.reportedMaster() != master);
		long promotedAt = System.currentTimeMillis();
		// then until the client has followed and stays normal for a while (assertSurvived judges how soon)
		watch.awaitSteady("buyers", promotedAt, STEADY, OwnedSentinel.DOWN_AFTER.plusSeconds(30));
		List<FailoverWatch.Answer> all = watch.stop();
		log.info("Sentinels promoted the replica {} ms after the kill; answers by second: {}", promotedAt - killedAt,
				FailoverWatch.summary(all, "buyers", killedAt));
		FailoverWatch.assertSurvived(all, "buyers", killedAt, OwnedSentinel.DOWN_AFTER.plusSeconds(5));

		// the sale goes on against the promoted replica: the line still holds its buyers, seats sell
		FailoverWatch.buyOneSeat(this.api, concert, 9);
		assertThat(this.api.enter(UUID.randomUUID(), concert.id()).status()).isEqualTo(201);
	}

}
