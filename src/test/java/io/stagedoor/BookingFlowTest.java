package io.stagedoor;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.stagedoor.support.Api.Response;
import io.stagedoor.support.Api.User;
import io.stagedoor.support.IntegrationTest;
import io.stagedoor.support.TestConcerts;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole flow of API.md as one user walks it. */
class BookingFlowTest extends IntegrationTest {

	@Test
	void aUserEntersWaitsHoldsChargesPaysAndHasATicket() {
		TestConcerts.Concert concert = this.concerts.create();
		UUID userId = UUID.randomUUID();

		Response entered = this.api.enter(userId, concert.id());
		assertThat(entered.status()).isEqualTo(201);
		assertThat(entered.field("status")).isIn("WAITING", "ACTIVE");
		assertThat(entered.body().get("pollAfterMs").asLong()).isBetween(1000L, 15000L);
		String token = entered.field("token");

		Response again = this.api.enter(userId, concert.id());
		assertThat(again.status()).as("re-entry while live returns the same entry").isEqualTo(200);
		User user = new User(userId, again.field("token"));
		this.api.awaitActive(user);

		Response status = this.api.get("/api/v1/queue/status", token);
		assertThat(status.status()).as("the earlier token string stays valid").isEqualTo(200);
		assertThat(status.field("status")).isEqualTo("ACTIVE");
		assertThat(status.body().get("position").isNull()).isTrue();
		assertThat(status.field("activeUntil")).isNotNull();

		Response dates = this.api.get("/api/v1/concerts/" + concert.id() + "/dates", token);
		assertThat(dates.status()).isEqualTo(200);
		assertThat(dates.body().get("dates").get(0).get("date").asString()).isEqualTo(concert.date().toString());
		assertThat(dates.body().get("dates").get(0).get("availableSeats").asInt()).isEqualTo(50);

		Response held = this.api.hold(user, concert.id(), concert.date(), 7);
		assertThat(held.status()).isEqualTo(201);
		assertThat(held.field("status")).isEqualTo("HELD");
		assertThat(held.body().get("price").asLong()).isEqualTo(TestConcerts.price(7));
		String reservationId = held.field("reservationId");

		Response seats = this.api.get("/api/v1/concerts/" + concert.id() + "/dates/" + concert.date() + "/seats", token);
		assertThat(seats.body().get("seats")).hasSize(50);
		assertThat(seats.body().get("seats").get(6).get("status").asString()).isEqualTo("HELD");
		assertThat(seats.body().get("seats").get(5).get("status").asString()).isEqualTo("AVAILABLE");

		assertThat(this.api.charge(user, 100_000)).isEqualTo(100_000);
		Response paid = this.api.post("/api/v1/payments", token, Map.of("reservationIds", List.of(reservationId)),
				"pay-" + UUID.randomUUID());
		assertThat(paid.status()).isEqualTo(201);
		assertThat(paid.field("status")).isEqualTo("COMPLETED");
		assertThat(paid.body().get("amount").asLong()).isEqualTo(TestConcerts.price(7));

		Response spent = this.api.get("/api/v1/queue/status", token);
		assertThat(spent.status()).isEqualTo(401);
		assertThat(spent.code()).isEqualTo("TOKEN_EXPIRED");

		User back = this.api.activeUser(concert.id());
		Response seatsAfter = this.api.get("/api/v1/concerts/" + concert.id() + "/dates/" + concert.date() + "/seats",
				back.token());
		assertThat(seatsAfter.body().get("seats").get(6).get("status").asString()).isEqualTo("RESERVED");

		Response reenter = this.api.enter(userId, concert.id());
		assertThat(reenter.status()).as("after the token was spent, a new entry at the back").isEqualTo(201);
		String fresh = reenter.field("token");
		Response reservation = this.api.get("/api/v1/reservations/" + reservationId, fresh);
		assertThat(reservation.field("status")).isEqualTo("CONFIRMED");
		Response payment = this.api.get("/api/v1/payments/" + paid.field("paymentId"), fresh);
		assertThat(payment.status()).isEqualTo(200);
		assertThat(payment.body().get("reservationIds").get(0).asString()).isEqualTo(reservationId);
		Response mine = this.api.get("/api/v1/users/" + userId + "/reservations", fresh);
		assertThat(mine.body()).hasSize(1);
		Response balance = this.api.get("/api/v1/users/" + userId + "/balance", fresh);
		assertThat(balance.body().get("balance").asLong()).isEqualTo(100_000 - TestConcerts.price(7));
	}

}
