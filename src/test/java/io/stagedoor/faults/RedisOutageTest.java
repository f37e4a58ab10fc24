package io.stagedoor.faults;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import io.stagedoor.support.Api.Response;
import io.stagedoor.support.Api.User;
import io.stagedoor.support.IntegrationTest;
import io.stagedoor.support.Invariants;
import io.stagedoor.support.OwnedRedis;
import io.stagedoor.support.TestConcerts;

import org.springframework.http.HttpMethod;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis, a server of the test's own, dies under load and comes back empty (no persistence): while it
 * is gone every request answers 503 UNAVAILABLE with Retry-After within the Redis timeout; once it
 * is back the service serves again without a restart; the line is lost but its live tokens put their
 * users back in line at their arrival (a spent one stays refused: the payment is in the database), its
 * holds are gone and pay as HOLD_EXPIRED with no debit, while sales are kept.
 */
@DirtiesContext
class RedisOutageTest extends IntegrationTest {

	private static final Logger log = LoggerFactory.getLogger(RedisOutageTest.class);

	/** spring.data.redis.timeout of application.yml, plus room for a loaded two-core machine. */
	/**
	 * spring.data.redis.timeout of application.yml, twice over plus a second: room for a two-core
	 * machine under other load, still far below Lettuce's default of queueing for a minute.
	 */
	static final Duration MAX_OUTAGE_ANSWER = Duration.ofSeconds(2).multipliedBy(2).plusSeconds(1);

	static final Duration OUTAGE = Duration.ofSeconds(3);

	static OwnedRedis server;

	@BeforeAll
	static void startRedis() {
		server = OwnedRedis.start();
	}

	@AfterAll
	static void stopRedis() {
		if (server != null) {
			server.close();
		}
	}

	@DynamicPropertySource
	static void ownRedis(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.url", () -> server.url());
	}

	@Test
	void underLoadRedisGoneIs503AndBackEmptyServesAgainWithTheLineLost() throws Exception {
		TestConcerts.Concert concert = this.concerts.create();
		User buyer = this.api.activeUser(concert.id());
		this.api.charge(buyer, TestConcerts.price(50));
		String sold = this.api.hold(buyer, concert.id(), concert.date(), 50).field("reservationId");
		assertThat(this.api.post("/api/v1/payments", buyer.token(), Map.of("reservationIds", List.of(sold))).status())
			.isEqualTo(201);
		List<User> users = Flux.range(0, 40)
			.flatMapSequential(i -> Mono.fromCallable(() -> this.api.activeUser(concert.id()))
				.subscribeOn(Schedulers.boundedElastic()), 8)
			.collectList()
			.block();
		User holder = users.get(0);
		long holderBalance = this.api.charge(holder, TestConcerts.price(1));
		String lostHold = this.api.hold(holder, concert.id(), concert.date(), 1).field("reservationId");

		AtomicBoolean running = new AtomicBoolean(true);
		CompletableFuture<List<Timed>> load = Flux.range(0, Integer.MAX_VALUE)
			.takeWhile(i -> running.get())
			.flatMap(i -> timed(request(i, concert, users)), 64)
			.collectList()
			.toFuture();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.api.get("/api/v1/queue/status", holder.token()).status() == 200);
		long stoppedAt = System.nanoTime();
		server.stop();
		await().pollDelay(OUTAGE).atMost(OUTAGE.plusSeconds(1)).until(() -> true);
		long restartedAt = System.nanoTime();
		server.restart();
		UUID newcomer = UUID.randomUUID();
		await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
			.until(() -> this.api.enter(newcomer, concert.id()).status() == 201);
		long recoveredAt = System.nanoTime();
		running.set(false);
		List<Timed> answers = load.get();

		assertThat(answers).allSatisfy(a -> {
			assertThat(a.response().status()).as(a.response().text()).isNotEqualTo(500).isLessThan(504);
			if (a.response().status() == 503) {
				assertThat(a.response().code()).isEqualTo("UNAVAILABLE");
				assertThat(a.response().headers().getFirst("Retry-After")).isNotBlank();
				assertThat(a.response().headers().getContentType().toString()).isEqualTo("application/problem+json");
			}
		});
		// sent once the server was gone (its socket closed) and answered before it came back
		List<Timed> duringOutage = answers.stream()
			.filter(a -> a.sentAt() > stoppedAt + 200_000_000L && a.sentAt() + a.nanos() < restartedAt)
			.toList();
		assertThat(duringOutage).hasSizeGreaterThan(100);
		assertThat(duringOutage).allSatisfy(a -> assertThat(a.response().status()).as(a.response().text()).isEqualTo(503));
		long slowest = answers.stream()
			.filter(a -> a.sentAt() > stoppedAt && a.sentAt() < restartedAt)
			.mapToLong(Timed::nanos)
			.max()
			.orElseThrow();
		assertThat(Duration.ofNanos(slowest)).isLessThan(MAX_OUTAGE_ANSWER);
		log.info("Redis outage: {} answers during the outage, all 503, slowest {} ms (median {} ms); token issuance "
				+ "answered 201 again {} ms after the restart", duringOutage.size(), slowest / 1_000_000,
				duringOutage.stream().mapToLong(Timed::nanos).sorted().skip(duringOutage.size() / 2).findFirst().orElse(0)
						/ 1_000_000,
				(recoveredAt - restartedAt) / 1_000_000);

		// the line was lost with Redis: the spent token stays refused (its payment is in the database),
		// the live ones are put back in line with the same token
		Response spent = this.api.get("/api/v1/queue/status", buyer.token());
		assertThat(spent.status()).as(spent.text()).isEqualTo(401);
		assertThat(spent.code()).isEqualTo("TOKEN_EXPIRED");
		for (User user : List.of(holder, users.get(1))) {
			Response status = this.api.get("/api/v1/queue/status", user.token());
			assertThat(status.status()).as(status.text()).isEqualTo(200);
			assertThat(status.field("status")).isIn("WAITING", "ACTIVE");
		}
		User back = holder;
		this.api.awaitActive(back);
		// the hold went with Redis: paying it changes nothing, and the seat is free for anyone
		Response payLost = this.api.post("/api/v1/payments", back.token(), Map.of("reservationIds", List.of(lostHold)));
		assertThat(payLost.status()).as(payLost.text()).isEqualTo(409);
		assertThat(payLost.code()).isEqualTo("HOLD_EXPIRED");
		assertThat(this.api.get("/api/v1/users/" + holder.id() + "/balance", back.token()).body().get("balance").asLong())
			.isEqualTo(holderBalance);
		User other = this.api.activeUser(concert.id());
		assertThat(this.api.hold(other, concert.id(), concert.date(), 1).status()).isEqualTo(201);
		// the sale was kept: the sold marker comes back from the database
		assertThat(this.api.hold(other, concert.id(), concert.date(), 50).code()).isEqualTo("SEAT_UNAVAILABLE");
		assertThat(number("SELECT COUNT(*) AS n FROM sold_seat WHERE concert_id = :p", concert.id())).isEqualTo(1);
		assertThat(Invariants.violations(this.db, this.redis)).isEmpty();
	}

	/** A user's everyday calls, round robin: status, balance, seats, and taking the token again. */
	private Mono<Response> request(int i, TestConcerts.Concert concert, List<User> users) {
		User user = users.get(i % users.size());
		return switch (i % 4) {
			case 0 -> this.api.call(HttpMethod.GET, "/api/v1/queue/status", user.token(), null, Map.of());
			case 1 -> this.api.call(HttpMethod.GET, "/api/v1/users/" + user.id() + "/balance", user.token(), null, Map.of());
			case 2 -> this.api.call(HttpMethod.GET,
					"/api/v1/concerts/" + concert.id() + "/dates/" + concert.date() + "/seats", user.token(), null, Map.of());
			default -> this.api.call(HttpMethod.POST, "/api/v1/queue/tokens", null,
					Map.of("userId", user.id().toString(), "concertId", concert.id()), Map.of());
		};
	}

	private static Mono<Timed> timed(Mono<Response> call) {
		return Mono.defer(() -> {
			long sentAt = System.nanoTime();
			return call.map(response -> new Timed(sentAt, System.nanoTime() - sentAt, response));
		});
	}

	record Timed(long sentAt, long nanos, Response response) {
	}

}
