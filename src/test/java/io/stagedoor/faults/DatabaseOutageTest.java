package io.stagedoor.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import io.stagedoor.support.OwnedMariaDb;
import io.stagedoor.support.OwnedRedis;
import io.stagedoor.support.TestConcerts;

import org.springframework.http.HttpMethod;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * MariaDB, a server of the test's own, crashes while payments are under way, or hangs: requests
 * answer 503 UNAVAILABLE with Retry-After within the pool's timeouts, the service serves again once
 * the server is back without a restart, no payment is left half-done (a debit without its seats or
 * the reverse), and a payment the outage cut pays once when retried within the hold's time.
 */
@DirtiesContext
@TestPropertySource(properties = "stagedoor.reservation.hold-ttl=2m")
class DatabaseOutageTest extends IntegrationTest {

	private static final Logger log = LoggerFactory.getLogger(DatabaseOutageTest.class);

	/** spring.r2dbc.pool.max-acquire-time, plus room for a loaded two-core machine. */
	static final Duration MAX_OUTAGE_ANSWER = Duration.ofSeconds(3).plusSeconds(3);

	/** RequestDeadlineFilter's cut of a request stuck on a connection that no longer answers. */
	static final Duration MAX_HUNG_ANSWER = Duration.ofSeconds(15).plusSeconds(3);

	static final int PAYERS = 60;

	static OwnedMariaDb database;

	static OwnedRedis redisServer;

	@BeforeAll
	static void startServers() {
		redisServer = OwnedRedis.start();
		database = OwnedMariaDb.start("stagedoor_outage");
	}

	@AfterAll
	static void stopServers() {
		if (database != null) {
			database.close();
		}
		if (redisServer != null) {
			redisServer.close();
		}
	}

	@DynamicPropertySource
	static void ownServers(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.url", () -> redisServer.url());
		for (String key : List.of("spring.r2dbc.url", "spring.r2dbc.username", "spring.r2dbc.password", "spring.flyway.url",
				"spring.flyway.user", "spring.flyway.password")) {
			registry.add(key, () -> database.settings().get(key));
		}
	}

	@Test
	void aDatabaseCrashMidPaymentsIs503AndEachCutPaymentPaysOnceWhenRetried() throws Exception {
		TestConcerts.Concert concert = this.concerts.create(TestConcerts.today().plusDays(7),
				TestConcerts.today().plusDays(8));
		List<User> payers = Flux.range(0, PAYERS)
			.flatMapSequential(i -> Mono.fromCallable(() -> this.api.activeUser(concert.id()))
				.subscribeOn(Schedulers.boundedElastic()), 8)
			.collectList()
			.block();
		// payments spend their tokens: others read balances meanwhile, with tokens that stay live
		List<User> readers = Flux.range(0, 10)
			.flatMapSequential(i -> Mono.fromCallable(() -> this.api.activeUser(concert.id()))
				.subscribeOn(Schedulers.boundedElastic()), 8)
			.collectList()
			.block();
		List<String> holds = new ArrayList<>();
		for (int i = 0; i < PAYERS; i++) {
			this.api.charge(payers.get(i), TestConcerts.price(seat(i)));
			Response held = this.api.hold(payers.get(i), concert.id(), concert.date().plusDays(i / 50), seat(i));
			assertThat(held.status()).as(held.text()).isEqualTo(201);
			holds.add(held.field("reservationId"));
		}

		AtomicBoolean loading = new AtomicBoolean(true);
		CompletableFuture<List<Timed>> load = Flux.range(0, Integer.MAX_VALUE)
			.takeWhile(i -> loading.get())
			.flatMap(i -> timed(this.api.call(HttpMethod.GET, "/api/v1/users/" + readers.get(i % 10).id() + "/balance",
					readers.get(i % 10).token(), null, Map.of())), 32)
			.collectList()
			.toFuture();
		// the payments start 20 ms apart and the server dies when the first has paid: some are in
		// flight at the kill and the later ones meet a dead database, however fast this machine is
		AtomicBoolean killed = new AtomicBoolean();
		long[] killedAt = new long[1];
		List<Response> payments = Flux.range(0, PAYERS)
			.delayElements(Duration.ofMillis(20))
			.flatMapSequential(i -> this.api
				.call(HttpMethod.POST, "/api/v1/payments", payers.get(i).token(), Map.of("reservationIds", List.of(holds.get(i))),
						Map.of("Idempotency-Key", "pay-" + i))
				.doOnNext(answer -> {
					if (killed.compareAndSet(false, true)) {
						Schedulers.boundedElastic().schedule(() -> {
							database.kill();
							killedAt[0] = System.nanoTime();
						});
					}
				}), PAYERS)
			.collectList()
			.block(Duration.ofSeconds(60));
		await().atMost(Duration.ofSeconds(15)).until(() -> killedAt[0] != 0);
		await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);
		long restartedAt = System.nanoTime();
		database.restart();
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
			.until(() -> this.api.get("/api/v1/users/" + readers.get(0).id() + "/balance", readers.get(0).token())
				.status() == 200);
		long recoveredAt = System.nanoTime();
		loading.set(false);
		List<Timed> reads = load.get();

		assertThat(payments).allSatisfy(p -> assertThat(p.status()).as(p.text()).isIn(201, 503));
		assertThat(payments).filteredOn(p -> p.status() == 503).isNotEmpty().allSatisfy(DatabaseOutageTest::isUnavailable);
		assertThat(reads).allSatisfy(r -> assertThat(r.response().status()).as(r.response().text()).isIn(200, 503));
		reads.stream().filter(r -> r.response().status() == 503).forEach(r -> isUnavailable(r.response()));
		List<Timed> duringOutage = reads.stream()
			.filter(r -> r.sentAt() > killedAt[0] + 200_000_000L && r.sentAt() + r.nanos() < restartedAt)
			.toList();
		assertThat(duringOutage).hasSizeGreaterThan(20)
			.allSatisfy(r -> assertThat(r.response().status()).isEqualTo(503));
		long slowest = reads.stream()
			.filter(r -> r.sentAt() > killedAt[0] && r.sentAt() < restartedAt)
			.mapToLong(Timed::nanos)
			.max()
			.orElseThrow();
		assertThat(Duration.ofNanos(slowest)).isLessThan(MAX_OUTAGE_ANSWER);
		// nothing half-done: each debit has its payment and seats, each payment its debit
		assertThat(Invariants.violations(this.db, this.redis)).isEmpty();

		// each cut payment, retried within the hold's time, pays once
		int sameKey = 0;
		int conflicts = 0;
		for (int i = 0; i < PAYERS; i++) {
			if (payments.get(i).status() == 201) {
				continue;
			}
			Map<String, Object> body = Map.of("reservationIds", List.of(holds.get(i)));
			Response again = this.api.post("/api/v1/payments", payers.get(i).token(), body, "pay-" + i);
			if ("IDEMPOTENCY_CONFLICT".equals(again.code())) {
				// the outage kept the key from being given back: its lease holds it, a new key pays
				conflicts++;
				again = this.api.post("/api/v1/payments", payers.get(i).token(), body, "pay-again-" + i);
				assertThat(again.status()).as(again.text()).isEqualTo(201);
			}
			else {
				sameKey++;
				assertThat(again.status()).as(again.text()).isEqualTo(201);
			}
		}
		for (User payer : payers) {
			assertThat(number("SELECT COUNT(*) AS n FROM payment WHERE user_id = :p", payer.id().toString())).isEqualTo(1);
			assertThat(number("SELECT balance AS n FROM wallet WHERE user_id = :p", payer.id().toString())).isZero();
		}
		assertThat(number("SELECT COUNT(*) AS n FROM sold_seat WHERE concert_id = :p", concert.id())).isEqualTo(PAYERS);
		assertThat(Invariants.violations(this.db, this.redis)).isEmpty();
		log.info("Database crash: {} of {} payments paid before it, {} answered 503; {} balance reads during the outage, "
				+ "all 503, slowest answer {} ms; served again {} ms after the restart; retries paid once each ({} with "
				+ "the same key, {} with a new one after IDEMPOTENCY_CONFLICT)",
				payments.stream().filter(p -> p.status() == 201).count(), PAYERS,
				payments.stream().filter(p -> p.status() == 503).count(), duringOutage.size(), slowest / 1_000_000,
				(recoveredAt - restartedAt) / 1_000_000, sameKey, conflicts);
	}

	@Test
	void aHungDatabaseIs503WithinTheDeadlineAndThePaymentPaysWhenItWakes() {
		// the other test restarts the database: start from a service that reaches it again
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
			.until(() -> this.api.get("/actuator/health/readiness", null).status() == 200);
		TestConcerts.Concert concert = this.concerts.create();
		User payer = this.api.activeUser(concert.id());
		this.api.charge(payer, TestConcerts.price(3));
		String hold = this.api.hold(payer, concert.id(), concert.date(), 3).field("reservationId");
		Map<String, Object> body = Map.of("reservationIds", List.of(hold));

		database.freeze();
		try {
			Timed read = timed(this.api.call(HttpMethod.GET, "/api/v1/users/" + payer.id() + "/balance", payer.token(),
					null, Map.of())).block();
			Timed payment = timed(this.api.call(HttpMethod.POST, "/api/v1/payments", payer.token(), body, Map.of())).block();
			isUnavailable(read.response());
			isUnavailable(payment.response());
			assertThat(Duration.ofNanos(read.nanos())).isLessThan(MAX_HUNG_ANSWER);
			assertThat(Duration.ofNanos(payment.nanos())).isLessThan(MAX_HUNG_ANSWER);
			log.info("Hung database: a balance read answered 503 in {} ms, a payment in {} ms", read.nanos() / 1_000_000,
					payment.nanos() / 1_000_000);
		}
		finally {
			database.thaw();
		}
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			Response again = this.api.post("/api/v1/payments", payer.token(), body);
			assertThat(again.status()).as(again.text()).isIn(201, 503);
			assertThat(again.status()).isEqualTo(201);
		});
		assertThat(number("SELECT balance AS n FROM wallet WHERE user_id = :p", payer.id().toString())).isZero();
		assertThat(Invariants.violations(this.db, this.redis)).isEmpty();
	}

	private static void isUnavailable(Response answer) {
		assertThat(answer.status()).as(answer.text()).isEqualTo(503);
		assertThat(answer.code()).isEqualTo("UNAVAILABLE");
		assertThat(answer.headers().getFirst("Retry-After")).isNotBlank();
		assertThat(answer.headers().getContentType().toString()).isEqualTo("application/problem+json");
	}

	private static Mono<Timed> timed(Mono<Response> call) {
		return Mono.defer(() -> {
			long sentAt = System.nanoTime();
			return call.map(response -> new Timed(sentAt, System.nanoTime() - sentAt, response));
		});
	}

	private static int seat(int i) {
		return i % 50 + 1;
	}

	record Timed(long sentAt, long nanos, Response response) {
	}

}
