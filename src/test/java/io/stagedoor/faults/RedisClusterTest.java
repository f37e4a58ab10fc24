package io.stagedoor.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

import io.stagedoor.support.Api.Response;
import io.stagedoor.support.Api.User;
import io.stagedoor.support.IntegrationTest;
import io.stagedoor.support.OwnedCluster;
import io.stagedoor.support.TestConcerts;

import org.springframework.http.HttpMethod;
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
			byMaster.putIfAbsent(cluster.masterOf("queue:{" + concert.id() + "}:"), concert);
		}
		assertThat(byMaster).as("concerts on three different masters").hasSize(3);
		return byMaster;
	}

	@Test
	void theWholeBookingFlowRunsForConcertsOnEveryMaster() {
		for (TestConcerts.Concert concert : concertsOnEveryMaster().values()) {
			buyOneSeat(concert, 7);
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
		int master = cluster.masterOf("queue:{" + victim.id() + "}:");
		cluster.awaitReplicated(master);

		record Answer(boolean victim, long at, int status, String retryAfter, long tookMs) {
		}
		ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
		Disposable load = Flux.interval(Duration.ofMillis(200))
			.onBackpressureDrop()
			.flatMap(tick -> Flux.range(0, victims.size()).flatMap(i -> Flux.just(true, false).flatMap(isVictim -> {
				User user = (isVictim ? victims : bystanders).get(i);
				long start = System.nanoTime();
				return this.api.call(HttpMethod.GET, "/api/v1/queue/status", user.token(), null, Map.of())
					.map(r -> new Answer(isVictim, System.currentTimeMillis(), r.status(),
							r.headers().getFirst("Retry-After"), (System.nanoTime() - start) / 1_000_000));
			})))
			.subscribe(answers::add);
		try {
			Thread.sleep(1000);
			long killedAt = System.currentTimeMillis();
			cluster.kill(master);
			String slotKey = "queue:{" + victim.id() + "}:";
			await().atMost(OwnedCluster.NODE_TIMEOUT.plusSeconds(20)).pollInterval(Duration.ofMillis(100))
				.until(() -> cluster.servingMaster(slotKey).orElse(master) != master && cluster.healthy());
			long promotedAt = System.currentTimeMillis();
			// then long enough for the client to follow, and to see that it stays normal
			Thread.sleep(8000);
			load.dispose();
			log.info("Replica promoted {} ms after the kill; victim answers by second: {}", promotedAt - killedAt,
					summary(answers, killedAt));

			List<Answer> all = new ArrayList<>(answers);
			assertThat(all).as("answers during the failover").isNotEmpty();
			assertThat(all).allSatisfy(a -> assertThat(a.status()).as("never a 500, never anything but 200/503")
				.isIn(200, 503));
			assertThat(all).filteredOn(a -> a.status() == 503)
				.allSatisfy(a -> assertThat(a.retryAfter()).as("a 503 says when to retry").isNotBlank());
			assertThat(all).allSatisfy(a -> assertThat(a.tookMs()).as("no request hangs").isLessThan(15_000));
			assertThat(all).filteredOn(a -> !a.victim())
				.as("the concert on another master answers 2xx throughout")
				.allSatisfy(a -> assertThat(a.status()).isEqualTo(200));
			long lastRefusal = all.stream().filter(a -> a.victim() && a.status() != 200).mapToLong(Answer::at).max()
				.orElse(killedAt);
			assertThat(lastRefusal - killedAt).as("the victim concert is normal again within node timeout + 5 s")
				.isLessThanOrEqualTo(OwnedCluster.NODE_TIMEOUT.plusSeconds(5).toMillis());
			assertThat(all).filteredOn(a -> a.victim() && a.at() > lastRefusal).as("2xx after the takeover").isNotEmpty();
		}
		finally {
			load.dispose();
		}
		// the sale goes on where the master died: a hold, a charge and a payment
		buyOneSeat(victim, 9);
	}

	/** Per second since the kill: the victim concert's answers by status, for the log. */
	private static String summary(java.util.Collection<?> answers, long killedAt) {
		java.util.TreeMap<Long, java.util.TreeMap<Integer, Integer>> bySecond = new java.util.TreeMap<>();
		for (Object o : answers) {
			try {
				boolean isVictim = (boolean) o.getClass().getMethod("victim").invoke(o);
				if (!isVictim) {
					continue;
				}
				long at = (long) o.getClass().getMethod("at").invoke(o);
				int status = (int) o.getClass().getMethod("status").invoke(o);
				bySecond.computeIfAbsent((at - killedAt) / 1000, k -> new java.util.TreeMap<>()).merge(status, 1, Integer::sum);
			}
			catch (ReflectiveOperationException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return bySecond.toString();
	}

	private void buyOneSeat(TestConcerts.Concert concert, int seatNo) {
		User user = this.api.activeUser(concert.id());
		Response held = this.api.hold(user, concert.id(), concert.date(), seatNo);
		assertThat(held.status()).as("hold on concert %d", concert.id()).isEqualTo(201);
		this.api.charge(user, TestConcerts.price(seatNo));
		Response paid = this.api.post("/api/v1/payments", user.token(),
				Map.of("reservationIds", List.of(held.field("reservationId"))), "pay-" + UUID.randomUUID());
		assertThat(paid.status()).as("payment on concert %d", concert.id()).isEqualTo(201);
		User other = this.api.activeUser(concert.id());
		Response seats = this.api.get("/api/v1/concerts/" + concert.id() + "/dates/" + concert.date() + "/seats",
				other.token());
		assertThat(seats.body().get("seats").get(seatNo - 1).get("status").asString()).isEqualTo("RESERVED");
	}

}
