package io.stagedoor.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.stagedoor.queue.TestLines;
import io.stagedoor.support.Api.Response;
import io.stagedoor.support.Api.User;
import io.stagedoor.support.IntegrationTest;
import io.stagedoor.support.OwnedCluster;
import io.stagedoor.support.TestConcerts;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stagedoor on a real Redis Cluster (six redis-server processes: three masters, three replicas),
 * configured with Spring's {@code spring.data.redis.cluster.nodes} alone: the booking flow works for
 * concerts on every master, and a master SIGKILLed during a sale is survived by itself — its
 * concert answers 503 with Retry-After (never a 500, never a hang) until its replica takes over, and
 * 2xx again within cluster-node-timeout + 5 s, without a restart and without the dead node coming
 * back, while a concert on another master answers 2xx throughout.
 */
@DirtiesContext
class RedisClusterTest extends IntegrationTest {

	private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RedisClusterTest.class);

	static OwnedCluster cluster;

	@BeforeAll
	static void startCluster() {
		cluster = OwnedCluster.start();
	}

	@AfterAll
	static void stopCluster() {
		if (cluster != null) {
			cluster.close();
		}
	}

	@DynamicPropertySource
	static void clusterNodes(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.cluster.nodes", () -> cluster.nodes());
	}

	/** A concert for each master: concert ids fall on slots, slots on masters. */
	private Map<Integer, TestConcerts.Concert> concertsOnEveryMaster() {
		Map<Integer, TestConcerts.Concert> byMaster = new LinkedHashMap<>();
		for (int i = 0; i < 40 && byMaster.size() < 3; i++) {
			TestConcerts.Concert concert = this.concerts.create();
			byMaster.putIfAbsent(cluster.masterOf(TestLines.slotKey(concert.id())), concert);
		}
		assertThat(byMaster).as("concerts on three different masters").hasSize(3);
		return byMaster;
	}

	/** How long a group must answer only 200 after a failover to count as normal again. */
	private static final Duration STEADY = Duration.ofSeconds(5);

	@Test
	void theWholeBookingFlowRunsForConcertsOnEveryMaster() {
		for (TestConcerts.Concert concert : concertsOnEveryMaster().values()) {
			FailoverWatch.buyOneSeat(this.api, concert, 7);
			Response again = this.api.enter(UUID.randomUUID(), concert.id());
			assertThat(again.status()).isEqualTo(201);
		}
	}

	@Test
	void aMasterKilledDuringASaleIsSurvivedAndOtherConcertsServeThroughout() throws Exception {
		List<TestConcerts.Concert> concerts = new ArrayList<>(concertsOnEveryMaster().values());
		TestConcerts.Concert victim = concerts.get(0);
		TestConcerts.Concert bystander = concerts.get(1);
		List<User> victims = new ArrayList<>();
		List<User> bystanders = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			victims.add(this.api.activeUser(victim.id()));
			bystanders.add(this.api.activeUser(bystander.id()));
		}
		int master = cluster.masterOf(TestLines.slotKey(victim.id()));
		cluster.awaitReplicated(master);

		FailoverWatch watch = new FailoverWatch(this.api, Map.of("victim", victims, "bystander", bystanders));
		watch.awaitBaseline(3);
		long killedAt = System.currentTimeMillis();
		cluster.kill(master);
		await().atMost(OwnedCluster.NODE_TIMEOUT.plusSeconds(5)).pollInterval(Duration.ofMillis(100))
			.untilAsserted(() -> {
				Response shards = this.api.get("/actuator/health/shards", null);
				assertThat(shards.status()).as("health names the shard that is down").isEqualTo(503);
				assertThat(shards.text()).contains("\"" + victim.id() + "\":\"DOWN")
					.doesNotContain("\"" + bystander.id() + "\":\"DOWN");
			});
		String slotKey = TestLines.slotKey(victim.id());
		await().atMost(OwnedCluster.NODE_TIMEOUT.plusSeconds(20)).pollInterval(Duration.ofMillis(100))
			.until(() -> cluster.servingMaster(slotKey).orElse(master) != master && cluster.healthy());
		long promotedAt = System.currentTimeMillis();
		// then until the client has followed and stays normal for a while (assertSurvived judges how soon)
		watch.awaitSteady("victim", promotedAt, STEADY, OwnedCluster.NODE_TIMEOUT.plusSeconds(30));
		List<FailoverWatch.Answer> all = watch.stop();
		log.info("Replica promoted {} ms after the kill; the victim concert's answers by second: {}",
				promotedAt - killedAt, FailoverWatch.summary(all, "victim", killedAt));
		FailoverWatch.assertSurvived(all, "victim", killedAt, OwnedCluster.NODE_TIMEOUT.plusSeconds(5));
		assertThat(this.api.get("/actuator/health/shards", null).status()).as("every shard reachable again")
			.isEqualTo(200);
		assertThat(all).filteredOn(a -> a.group().equals("bystander"))
			.as("the concert on another master answers 2xx throughout")
			.allSatisfy(a -> assertThat(a.status()).isEqualTo(200));
		// the sale goes on where the master died: a hold, a charge and a payment
		FailoverWatch.buyOneSeat(this.api, victim, 9);
	}

}
