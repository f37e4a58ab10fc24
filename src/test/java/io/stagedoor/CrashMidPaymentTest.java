package io.stagedoor;

import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import io.stagedoor.reservation.TestSeatKeys;
import io.stagedoor.support.Api;
import io.stagedoor.support.Api.Response;
import io.stagedoor.support.Api.User;
import io.stagedoor.support.ChildApp;
import io.stagedoor.support.ChildAppTest;
import io.stagedoor.support.Invariants;
import io.stagedoor.support.OwnedRedis;
import io.stagedoor.support.SideDatabase;
import io.stagedoor.support.TestConcerts;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.http.HttpMethod;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The application is killed with SIGKILL while 200 charges and payments are in flight, and started
 * again: once the settler and the claims' time have run, every promise holds (no seat sold twice, a
 * balance that is its ledger, a payment with its seats and its debit, no claim left), every payment
 * answered 201 before the crash is there, and every buyer whose payment the crash cut can pay now
 * within the hold's time, or is told it is paid already.
 */
class CrashMidPaymentTest extends ChildAppTest {

	private static final Logger log = LoggerFactory.getLogger(CrashMidPaymentTest.class);

	static final int BUYERS = 200;

	/** A killed request's claim lapses after this; the hold itself lasts much longer. */
	static final Duration CLAIM_TTL = Duration.ofSeconds(3);

	@Test
	void afterAKillMidPaymentTheRestartedServiceRepairsEverything() {
		this.ownedRedis = OwnedRedis.start();
		SideDatabase side = SideDatabase.create(this.env, this.db, "crash");
		Map<String, String> settings = settings(side);
		this.app = ChildApp.start("crash-first", settings);
		DatabaseClient data = side.client();
		ReactiveStringRedisTemplate keys = this.ownedRedis.template();

		LocalDate first = TestConcerts.today().plusDays(7);
		TestConcerts.Concert concert = new TestConcerts(data).create(first, first.plusDays(1), first.plusDays(2),
				first.plusDays(3));
		Api before = new Api(this.app.baseUrl());
		List<User> buyers = activeUsers(before, concert.id());
		List<String> holds = Flux.range(0, BUYERS)
			.flatMapSequential(i -> before.call(HttpMethod.POST, "/api/v1/reservations", buyers.get(i).token(),
					Map.of("concertId", concert.id(), "date", date(concert, i).toString(), "seatNo", seat(i)), Map.of()), 50)
			.map(held -> {
				assertThat(held.status()).as(held.text()).isEqualTo(201);
				return held.field("reservationId");
			})
			.collectList()
			.block();

		// every buyer charges the price and pays at once; the process dies when the first has paid
		AtomicInteger paid = new AtomicInteger();
		AtomicBoolean killed = new AtomicBoolean();
		List<Response> payments = Flux.range(0, BUYERS)
			.flatMapSequential(i -> before
				.call(HttpMethod.POST, "/api/v1/users/" + buyers.get(i).id() + "/balance/charge", buyers.get(i).token(),
						Map.of("amount", TestConcerts.price(seat(i))), Map.of("Idempotency-Key", "charge-" + i))
				.then(before.call(HttpMethod.POST, "/api/v1/payments", buyers.get(i).token(),
						Map.of("reservationIds", List.of(holds.get(i))), Map.of("Idempotency-Key", "pay-" + i)))
				.doOnNext(answer -> {
					if (answer.status() == 201 && paid.incrementAndGet() == 1 && killed.compareAndSet(false, true)) {
						Schedulers.boundedElastic().schedule(this.app::kill);
					}
				})
				.onErrorResume(cut -> Mono.just(new Response(-1, null, null, cut.toString()))), BUYERS)
			.collectList()
			.block();
		await().atMost(Duration.ofSeconds(10)).until(killed::get);
		this.app.kill();
		long answered201 = payments.stream().filter(p -> p.status() == 201).count();
		long cut = payments.stream().filter(p -> p.status() == -1).count();
		assertThat(payments).allSatisfy(p -> assertThat(p.status()).as(p.text()).isIn(-1, 201, 409, 503));
		assertThat(cut).as("requests in flight when the process died").isPositive();
		long committedAtCrash = count(data, "SELECT COUNT(*) AS n FROM payment");
		long unsettledAtCrash = count(data, "SELECT COUNT(*) AS n FROM payment WHERE settled = FALSE");
		long claimsAtCrash = claims(keys).size();

		this.app = ChildApp.start("crash-second", settings);
		Api after = new Api(this.app.baseUrl());
		// the settler repairs the Redis side of committed payments, and the killed claims lapse
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
			assertThat(count(data, "SELECT COUNT(*) AS n FROM payment WHERE settled = FALSE")).isZero();
			assertThat(claims(keys)).isEmpty();
		});
		assertThat(Invariants.violations(data, keys)).isEmpty();
		for (int i = 0; i < BUYERS; i++) {
			if (payments.get(i).status() == 201) {
				assertThat(count(data, "SELECT COUNT(*) AS n FROM payment WHERE id = '" + payments.get(i).field("paymentId")
						+ "'")).as("a payment answered 201 survives the crash").isEqualTo(1);
			}
		}

		// every buyer finishes: pays now within the hold's time, or is told the seat is paid
		int paidAfter = 0;
		for (int i = 0; i < BUYERS; i++) {
			User buyer = buyers.get(i);
			Response again = after.post("/api/v1/payments", buyer.token(), Map.of("reservationIds", List.of(holds.get(i))),
					"pay-after-" + i);
			if ("INSUFFICIENT_BALANCE".equals(again.code())) {
				// the crash cut the charge before it was credited
				after.post("/api/v1/users/" + buyer.id() + "/balance/charge", buyer.token(),
						Map.of("amount", TestConcerts.price(seat(i))), "charge-after-" + i);
				again = after.post("/api/v1/payments", buyer.token(), Map.of("reservationIds", List.of(holds.get(i))),
						"pay-after-again-" + i);
			}
			if (again.status() == 201) {
				paidAfter++;
			}
			else {
				assertThat(again.code()).as("buyer %d: %s", i, again.text()).isEqualTo("ALREADY_PAID");
			}
		}
		assertThat(count(data, "SELECT COUNT(*) AS n FROM sold_seat")).isEqualTo(BUYERS);
		assertThat(count(data, "SELECT COUNT(*) AS n FROM payment")).isEqualTo(BUYERS);
		assertThat(Invariants.violations(data, keys)).isEmpty();
		User looker = after.activeUser(concert.id());
		for (int d = 0; d < 4; d++) {
			Response seats = after.get("/api/v1/concerts/" + concert.id() + "/dates/" + first.plusDays(d) + "/seats",
					looker.token());
			seats.body().get("seats").forEach(s -> assertThat(s.get("status").asString()).isEqualTo("RESERVED"));
		}
		log.info("Killed after {} payments answered 201 ({} requests cut); at the crash {} payments committed, {} of "
				+ "them unsettled, {} claims in Redis; after the restart {} buyers paid and {} were told ALREADY_PAID",
				answered201, cut, committedAtCrash, unsettledAtCrash, claimsAtCrash, paidAfter, BUYERS - paidAfter);
	}

	private Map<String, String> settings(SideDatabase side) {
		Map<String, String> settings = new HashMap<>(side.settings());
		settings.put("spring.data.redis.url", this.ownedRedis.url());
		settings.put("stagedoor.token.secret", "crash-test-secret-0123456789abcdef0123");
		settings.put("stagedoor.rate-limit.enabled", "false");
		settings.put("stagedoor.queue.max-active", "1000");
		settings.put("stagedoor.queue.admit-per-tick", "1000");
		settings.put("stagedoor.queue.tick", "100ms");
		settings.put("stagedoor.reservation.hold-ttl", "3m");
		settings.put("stagedoor.reservation.claim-ttl", CLAIM_TTL.toMillis() + "ms");
		settings.put("stagedoor.reservation.sweep-every", "500ms");
		settings.put("stagedoor.payment-gateway.latency", "20ms");
		return settings;
	}

	private static List<User> activeUsers(Api api, long concertId) {
		return Flux.range(0, BUYERS)
			.flatMapSequential(i -> Mono.fromCallable(() -> api.activeUser(concertId)).subscribeOn(Schedulers.boundedElastic()),
					32)
			.collectList()
			.block();
	}

	private static List<String> claims(ReactiveStringRedisTemplate keys) {
		return keys.scan(ScanOptions.scanOptions().match(TestSeatKeys.everyClaim()).count(1000).build()).collectList().block();
	}

	private static long count(DatabaseClient data, String sql) {
		return data.sql(sql).map(row -> ((Number) row.get("n")).longValue()).first().block();
	}

	private static LocalDate date(TestConcerts.Concert concert, int i) {
		return concert.date().plusDays(i / 50);
	}

	private static int seat(int i) {
		return i % 50 + 1;
	}

}
