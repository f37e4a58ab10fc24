package io.stagedoor.payment;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import io.stagedoor.support.Api.Response;
import io.stagedoor.support.Api.User;
import io.stagedoor.support.IntegrationTest;
import io.stagedoor.support.Invariants;
import io.stagedoor.support.TestConcerts;

import org.springframework.http.HttpMethod;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Payments sent at the edge of the hold's time, while other users wait to take the same seats the
 * moment they free: each payment either pays with its seat or fails HOLD_EXPIRED with no debit, and
 * no seat is ever paid by one user and held or bought by another.
 */
@TestPropertySource(properties = { "stagedoor.reservation.hold-ttl=800ms", "stagedoor.reservation.claim-ttl=2s",
		"stagedoor.reservation.sweep-every=300ms" })
class ExpiryRaceTest extends IntegrationTest {

	static final int PAIRS = 100;

	@Test
	void aPaymentRightAfterTheHoldPays() {
		TestConcerts.Concert concert = this.concerts.create();
		User user = this.api.activeUser(concert.id());
		this.api.charge(user, 1_000_000);
		Response held = this.api.hold(user, concert.id(), concert.date(), 1);
		Response paid = this.api.post("/api/v1/payments", user.token(), Map.of("reservationIds", List.of(held.field("reservationId"))));
		assertThat(paid.status()).as(paid.text()).isEqualTo(201);
	}

	@Test
	void paymentsAtTheEdgeOfTheHoldEitherPayOrChangeNothing() {
		TestConcerts.Concert concert = this.concerts.create(TestConcerts.today().plusDays(7), TestConcerts.today().plusDays(8));
		List<User> payers = activeUsers(concert);
		List<User> rivals = activeUsers(concert);
		Map<Integer, Long> balanceBefore = new java.util.HashMap<>();
		for (int i = 0; i < PAIRS; i++) {
			balanceBefore.put(i, this.api.charge(payers.get(i), 1_000_000));
		}
		List<Response> holds = Flux.range(0, PAIRS).flatMapSequential(i -> this.api.call(HttpMethod.POST,
				"/api/v1/reservations", payers.get(i).token(), Map.of("concertId", concert.id(), "date",
						date(concert, i).toString(), "seatNo", seat(i)), Map.of()), PAIRS).collectList().block();
		assertThat(holds).allSatisfy(h -> assertThat(h.status()).isEqualTo(201));

		List<Long> delays = new ArrayList<>();
		for (int i = 0; i < PAIRS; i++) {
			// from well before to just after the hold lapses, measured from its own expiry
			delays.add(Instant.parse(holds.get(i).field("expiresAt")).toEpochMilli() - 250
					+ ThreadLocalRandom.current().nextLong(300) - System.currentTimeMillis());
		}
		List<Response[]> outcomes = Flux.range(0, PAIRS)
			.flatMapSequential(i -> Mono.zip(
					Mono.delay(Duration.ofMillis(Math.max(0, delays.get(i))), Schedulers.parallel())
						.then(this.api.call(HttpMethod.POST, "/api/v1/payments", payers.get(i).token(),
								Map.of("reservationIds", List.of(holds.get(i).field("reservationId"))), Map.of())),
					rivalTakes(concert, rivals.get(i), i))
				.map(both -> new Response[] { both.getT1(), both.getT2() }), PAIRS)
			.collectList()
			.block();

		int paid = 0;
		for (Response[] outcome : outcomes) {
			Response payment = outcome[0];
			Response rival = outcome[1];
			assertThat(payment.status()).as(payment.text()).isIn(201, 409);
			if (payment.status() == 201) {
				paid++;
				assertThat(rival.status()).as("a paid seat is nobody else's").isEqualTo(409);
			}
			else {
				assertThat(payment.code()).isEqualTo("HOLD_EXPIRED");
			}
		}
		for (int i = 0; i < PAIRS; i++) {
			long balance = this.api.get("/api/v1/users/" + payers.get(i).id() + "/balance",
					this.api.enter(payers.get(i).id(), concert.id()).field("token")).body().get("balance").asLong();
			Response payment = outcomes.get(i)[0];
			long expected = balanceBefore.get(i) - (payment.status() == 201 ? TestConcerts.price(seat(i)) : 0);
			assertThat(balance).as("payer %d after %s", i, payment.code()).isEqualTo(expected);
		}
		assertThat(number("SELECT COUNT(*) AS n FROM sold_seat WHERE concert_id = :p", concert.id())).isEqualTo(paid);
		org.slf4j.LoggerFactory.getLogger(ExpiryRaceTest.class)
			.info("Edge payments (delays {} to {} ms): {} paid, {} HOLD_EXPIRED; rivals took {} seats",
					delays.stream().mapToLong(Long::longValue).min().orElse(0),
					delays.stream().mapToLong(Long::longValue).max().orElse(0), paid, PAIRS - paid,
					outcomes.stream().filter(o -> o[1].status() == 201).count());
		assertThat(Invariants.violations(this.db, this.redis)).isEmpty();
	}

	/** Another user tries the same seat every 100 ms, from before the hold lapses until well after. */
	private Mono<Response> rivalTakes(TestConcerts.Concert concert, User rival, int i) {
		Map<String, Object> body = Map.of("concertId", concert.id(), "date", date(concert, i).toString(), "seatNo", seat(i));
		Mono<Response> attempt = Mono.defer(() -> this.api.call(HttpMethod.POST, "/api/v1/reservations", rival.token(),
				body, Map.of()));
		return attempt
			.expand(r -> r.status() == 201 ? Mono.empty()
					: Mono.delay(Duration.ofMillis(100), Schedulers.parallel()).then(attempt))
			.take(15)
			.last();
	}

	private List<User> activeUsers(TestConcerts.Concert concert) {
		return Flux.range(0, PAIRS)
			.flatMapSequential(i -> Mono.fromCallable(() -> this.api.activeUser(concert.id()))
				.subscribeOn(Schedulers.boundedElastic()), 16)
			.collectList()
			.block();
	}

	private static java.time.LocalDate date(TestConcerts.Concert concert, int i) {
		return concert.date().plusDays(i / 50);
	}

	private static int seat(int i) {
		return i % 50 + 1;
	}

}
