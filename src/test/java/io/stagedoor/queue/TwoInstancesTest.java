package io.stagedoor.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import io.stagedoor.support.Api;
import io.stagedoor.support.Api.Response;
import io.stagedoor.support.Api.User;
import io.stagedoor.support.ChildApp;
import io.stagedoor.support.IntegrationTest;
import io.stagedoor.support.Invariants;
import io.stagedoor.support.OwnedRedis;
import io.stagedoor.support.SideDatabase;
import io.stagedoor.support.TestConcerts;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.http.HttpMethod;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of the application, each in its own JVM, on one Redis and one database: their
 * promotion ticks together still admit at most max-active users, in arrival order; a seat raced
 * from both has one winner, and so has a hold paid from both; a hold taken on one instance and
 * left to lapse, with both sweepers running, ends EXPIRED and its seat can be held from the other.
 * (Which sweeper marked it is not observed here.)
 */
class TwoInstancesTest extends IntegrationTest {

	private static final Logger log = LoggerFactory.getLogger(TwoInstancesTest.class);

	static final int MAX_ACTIVE = 10;

	static final int USERS = 80;

	/**
	 * One consistent look at a line: how many are active, the latest arrival among them, the
	 * earliest arrival still waiting (-1 for none).
	 */
	private static final RedisScript<List> SAMPLE = RedisScript.of("""
			local active = redis.call('ZRANGE', KEYS[2], 0, -1)
			local latest = -1
			for _, user in ipairs(active) do
			  local entry = redis.call('HGET', KEYS[3], user)
			  if entry then
			    local arrival = tonumber(string.sub(entry, string.find(entry, ':', 1, true) + 1))
			    if arrival > latest then latest = arrival end
			  end
			end
			local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
			return {#active, latest, tonumber(first[2] or '-1')}
			""", List.class);

	@Autowired
	Environment env;

	private OwnedRedis ownedRedis;

	private final List<ChildApp> apps = new ArrayList<>();

	@AfterEach
	void stopServers() {
		this.apps.forEach(ChildApp::close);
		if (this.ownedRedis != null) {
			this.ownedRedis.close();
		}
	}

	@Test
	void twoInstancesKeepMaxActiveFifoAndOneWinnerPerSeat() throws Exception {
		this.ownedRedis = OwnedRedis.start();
		SideDatabase side = SideDatabase.create(this.env, this.db, "two");
		Map<String, String> settings = settings(side);
		// the first migrates the schema; the second then starts beside it
		this.apps.add(ChildApp.start("two-a", settings));
		this.apps.add(ChildApp.start("two-b", settings));
		List<Api> instances = this.apps.stream().map(app -> new Api(app.baseUrl())).toList();
		DatabaseClient data = side.client();
		ReactiveStringRedisTemplate keys = this.ownedRedis.template();
		TestConcerts.Concert concert = new TestConcerts(data).create();

		lineThroughBothInstances(concert, instances, keys);
		seatAndPaymentRacedFromBothInstances(concert, instances, data);
		lapsedHoldExpiresAndItsSeatIsHeldFromTheOther(concert, instances, data);
		assertThat(Invariants.violations(data, keys)).isEmpty();
	}

	private void lineThroughBothInstances(TestConcerts.Concert concert, List<Api> instances,
			ReactiveStringRedisTemplate keys) throws Exception {
		List<String> lineKeys = List.of(QueueKeys.waiting(concert.id()), QueueKeys.active(concert.id()),
				QueueKeys.entries(concert.id()));
		// one at a time, alternately through each instance: arrival order is list order
		List<User> users = new ArrayList<>();
		for (int i = 0; i < USERS; i++) {
			Response entered = instances.get(i % 2).enter(java.util.UUID.randomUUID(), concert.id());
			assertThat(entered.status()).as(entered.text()).isEqualTo(201);
			users.add(new User(java.util.UUID.fromString(entered.field("userId")), entered.field("token")));
		}
		AtomicBoolean sampling = new AtomicBoolean(true);
		CompletableFuture<List<long[]>> samples = Flux.range(0, Integer.MAX_VALUE)
			.takeWhile(i -> sampling.get())
			.concatMap(i -> keys.execute(SAMPLE, lineKeys)
				.next()
				.map(row -> new long[] { ((Number) row.get(0)).longValue(), ((Number) row.get(1)).longValue(),
						((Number) row.get(2)).longValue() })
				.delayElement(Duration.ofMillis(5), Schedulers.parallel()))
			.collectList()
			.toFuture();
		List<Integer> admitted = Collections.synchronizedList(new ArrayList<>());
		Flux.range(0, USERS)
			.flatMap(i -> untilActive(instances.get(i % 2), users.get(i))
				.doOnNext(active -> admitted.add(i))
				// the active user is done at once, through the other instance: the slot goes on
				.then(instances.get((i + 1) % 2).call(HttpMethod.DELETE, "/api/v1/queue/tokens/me", users.get(i).token(),
						null, Map.of())), USERS)
			.then()
			.block(Duration.ofSeconds(90));
		sampling.set(false);
		List<long[]> seen = samples.get();

		assertThat(admitted).hasSize(USERS);
		long mostActive = seen.stream().mapToLong(s -> s[0]).max().orElseThrow();
		assertThat(mostActive).as("active at once, sampled %d times", seen.size()).isLessThanOrEqualTo(MAX_ACTIVE);
		assertThat(seen.stream().filter(s -> s[0] == MAX_ACTIVE).count()).as("samples with the line full").isPositive();
		List<long[]> outOfOrder = seen.stream().filter(s -> s[2] >= 0 && s[1] >= s[2]).toList();
		assertThat(outOfOrder).as("a later arrival active while an earlier one waits").isEmpty();
		log.info("Two instances, max-active {}: {} users admitted in arrival order; {} samples of Redis, most active "
				+ "at once {}, full in {} samples", MAX_ACTIVE, USERS, seen.size(), mostActive,
				seen.stream().filter(s -> s[0] == MAX_ACTIVE).count());
	}

	/** Polls the user's status (as pollAfterMs allows, at most every 150 ms) until active. */
	private static Mono<Response> untilActive(Api api, User user) {
		Mono<Response> poll = Mono.defer(() -> api.call(HttpMethod.GET, "/api/v1/queue/status", user.token(), null, Map.of()));
		return poll.expand(status -> {
			assertThat(status.status()).as(status.text()).isEqualTo(200);
			return "ACTIVE".equals(status.field("status")) ? Mono.empty()
					: Mono.delay(Duration.ofMillis(150), Schedulers.parallel()).then(poll);
		}).last();
	}

	private void seatAndPaymentRacedFromBothInstances(TestConcerts.Concert concert, List<Api> instances,
			DatabaseClient data) {
		List<User> racers = Flux.range(0, MAX_ACTIVE)
			.flatMap(i -> Mono.fromCallable(() -> instances.get(i % 2).activeUser(concert.id()))
				.subscribeOn(Schedulers.boundedElastic()), MAX_ACTIVE)
			.collectList()
			.block();
		Map<String, Object> seat7 = Map.of("concertId", concert.id(), "date", concert.date().toString(), "seatNo", 7);
		// every racer asks for the seat 20 times, half through each instance, all at once
		List<Response> holds = Flux.range(0, MAX_ACTIVE * 20)
			.flatMap(i -> instances.get(i % 2).call(HttpMethod.POST, "/api/v1/reservations",
					racers.get(i % MAX_ACTIVE).token(), seat7, Map.of()), MAX_ACTIVE * 20)
			.collectList()
			.block();
		List<Response> won = holds.stream().filter(h -> h.status() == 201).toList();
		assertThat(won).hasSize(1);
		assertThat(holds).filteredOn(h -> h.status() != 201)
			.allSatisfy(h -> assertThat(h.code()).as(h.text()).isEqualTo("SEAT_UNAVAILABLE"));
		String reservationId = won.get(0).field("reservationId");
		User winner = racers.stream()
			.filter(r -> r.id().toString()
				.equals(data.sql("SELECT user_id FROM reservation WHERE id = :id").bind("id", reservationId)
					.map(row -> row.get("user_id", String.class)).first().block()))
			.findFirst()
			.orElseThrow();
		instances.get(0).charge(winner, TestConcerts.price(7) * 3);
		// the winner pays it from both instances at once, 20 times with different keys
		List<Response> payments = Flux.range(0, 20)
			.flatMap(i -> instances.get(i % 2).call(HttpMethod.POST, "/api/v1/payments", winner.token(),
					Map.of("reservationIds", List.of(reservationId)), Map.of("Idempotency-Key", "race-" + i)), 20)
			.collectList()
			.block();
		assertThat(payments.stream().filter(p -> p.status() == 201))
			.as("one payment wins: %s", payments.stream().map(p -> p.status() + " " + p.code()).toList())
			.hasSize(1);
		assertThat(payments).filteredOn(p -> p.status() != 201)
			.allSatisfy(p -> assertThat(p.code()).as(p.text()).isIn("PAYMENT_IN_PROGRESS", "ALREADY_PAID"));
		assertThat(count(data, "SELECT COUNT(*) AS n FROM payment")).isEqualTo(1);
		assertThat(count(data, "SELECT balance AS n FROM wallet WHERE user_id = '" + winner.id() + "'"))
			.isEqualTo(TestConcerts.price(7) * 2);
		racers.stream().filter(r -> r != winner).forEach(r -> instances.get(1)
			.delete("/api/v1/queue/tokens/me", r.token()));
	}

	private void lapsedHoldExpiresAndItsSeatIsHeldFromTheOther(TestConcerts.Concert concert, List<Api> instances, DatabaseClient data) {
		User holder = instances.get(1).activeUser(concert.id());
		String reservationId = instances.get(1).hold(holder, concert.id(), concert.date(), 9).field("reservationId");
		await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(100))
			.until(() -> "EXPIRED".equals(data.sql("SELECT status FROM reservation WHERE id = :id")
				.bind("id", reservationId).map(row -> row.get("status", String.class)).first().block()));
		User next = instances.get(0).activeUser(concert.id());
		assertThat(instances.get(0).hold(next, concert.id(), concert.date(), 9).status()).isEqualTo(201);
	}

	private Map<String, String> settings(SideDatabase side) {
		Map<String, String> settings = new HashMap<>(side.settings());
		settings.put("spring.data.redis.url", this.ownedRedis.url());
		settings.put("stagedoor.token.secret", "two-instances-secret-0123456789abcdef01");
		settings.put("stagedoor.rate-limit.enabled", "false");
		settings.put("stagedoor.queue.max-active", Integer.toString(MAX_ACTIVE));
		settings.put("stagedoor.queue.admit-per-tick", Integer.toString(MAX_ACTIVE));
		settings.put("stagedoor.queue.tick", "100ms");
		// long enough for the seat race, the charge and the payment race to finish within the hold on a
		// loaded machine (at 2 s, with three busy loops beside it, the hold lapsed mid-race: payments answered HOLD_EXPIRED), short
		// enough for the lapsed-hold step
		settings.put("stagedoor.reservation.hold-ttl", "8s");
		settings.put("stagedoor.reservation.claim-ttl", "3s");
		settings.put("stagedoor.reservation.sweep-every", "200ms");
		return settings;
	}

	private static long count(DatabaseClient data, String sql) {
		return data.sql(sql).map(row -> ((Number) row.get("n")).longValue()).first().block();
	}

}
