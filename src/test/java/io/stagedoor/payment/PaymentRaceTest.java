package io.stagedoor.payment;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import io.stagedoor.support.Api.Response;
import io.stagedoor.support.Api.User;
import io.stagedoor.support.IntegrationTest;
import io.stagedoor.support.Invariants;
import io.stagedoor.support.TestConcerts;

import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

class PaymentRaceTest extends IntegrationTest {

	@Test
	void concurrentPaymentsOfOneHoldPayOnceAndDebitOnce() {
		TestConcerts.Concert concert = this.concerts.create();
		User user = this.api.activeUser(concert.id());
		String reservationId = this.api.hold(user, concert.id(), concert.date(), 10).field("reservationId");
		long price = TestConcerts.price(10);
		this.api.charge(user, 10 * price);

		List<Response> answers = Flux.range(0, 100)
			.flatMap(i -> this.api.call(HttpMethod.POST, "/api/v1/payments", user.token(),
					Map.of("reservationIds", List.of(reservationId)), Map.of("Idempotency-Key", "race-" + i)), 100)
			.collectList()
			.block();

		assertThat(answers).filteredOn(r -> r.status() == 201).hasSize(1);
		assertThat(answers).filteredOn(r -> r.status() != 201).allSatisfy(r -> assertThat(r.code())
			.isIn("PAYMENT_IN_PROGRESS", "ALREADY_PAID"));
		assertThat(number("SELECT COUNT(*) AS n FROM payment WHERE user_id = :p", user.id().toString())).isEqualTo(1);
		assertThat(number("SELECT COUNT(*) AS n FROM ledger WHERE user_id = :p AND kind = 'PAYMENT'", user.id().toString())).isEqualTo(1);
		assertThat(number("SELECT balance AS n FROM wallet WHERE user_id = :p", user.id().toString())).isEqualTo(9 * price);
		assertThat(number("SELECT SUM(amount) AS n FROM ledger WHERE user_id = :p", user.id().toString())).isEqualTo(9 * price);
		assertThat(number("SELECT COUNT(*) AS n FROM sold_seat WHERE user_id = :p", user.id().toString())).isEqualTo(1);
		Response late = this.api.post("/api/v1/payments", user.token(), Map.of("reservationIds", List.of(reservationId)),
				"late");
		assertThat(late.code()).as("a late loser, though its token is spent").isEqualTo("ALREADY_PAID");
		assertThat(this.api.get("/api/v1/queue/status", user.token()).code()).isEqualTo("TOKEN_EXPIRED");
		assertThat(Invariants.violations(this.db, this.redis)).isEmpty();
	}

	@Test
	void concurrentRetriesWithOneKeyPayOnceAndRepeatTheFirstAnswer() {
		TestConcerts.Concert concert = this.concerts.create();
		User user = this.api.activeUser(concert.id());
		String reservationId = this.api.hold(user, concert.id(), concert.date(), 11).field("reservationId");
		this.api.charge(user, TestConcerts.price(11));
		String key = "retry-" + UUID.randomUUID();

		List<Response> answers = Flux.range(0, 50)
			.flatMap(i -> this.api.call(HttpMethod.POST, "/api/v1/payments", user.token(),
					Map.of("reservationIds", List.of(reservationId)), Map.of("Idempotency-Key", key)), 50)
			.collectList()
			.block();
		assertThat(answers).filteredOn(r -> r.status() == 201).isNotEmpty();
		assertThat(answers).filteredOn(r -> r.status() != 201)
			.allSatisfy(r -> assertThat(r.code()).isEqualTo("IDEMPOTENCY_CONFLICT"));

		Response retry = this.api.post("/api/v1/payments", user.token(), Map.of("reservationIds", List.of(reservationId)), key);
		assertThat(retry.status()).as("the first answer, though the payment spent the token").isEqualTo(201);
		assertThat(answers).filteredOn(r -> r.status() == 201)
			.allSatisfy(r -> assertThat(r.field("paymentId")).isEqualTo(retry.field("paymentId")));
		assertThat(number("SELECT COUNT(*) AS n FROM payment WHERE user_id = :p", user.id().toString())).isEqualTo(1);
		assertThat(number("SELECT balance AS n FROM wallet WHERE user_id = :p", user.id().toString())).isZero();

		Response otherBody = this.api.post("/api/v1/payments", user.token(),
				Map.of("reservationIds", List.of(UUID.randomUUID().toString())), key);
		assertThat(otherBody.code()).isEqualTo("IDEMPOTENCY_CONFLICT");
	}


}
