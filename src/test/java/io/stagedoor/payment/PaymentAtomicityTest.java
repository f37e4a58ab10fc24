package io.stagedoor.payment;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.stagedoor.support.Api.Response;
import io.stagedoor.support.Api.User;
import io.stagedoor.support.IntegrationTest;
import io.stagedoor.support.TestConcerts;

import static org.assertj.core.api.Assertions.assertThat;

class PaymentAtomicityTest extends IntegrationTest {

	@Test
	void aPaymentTheBalanceDoesNotCoverChangesNothingAndCanBeRetriedAfterCharging() {
		TestConcerts.Concert concert = this.concerts.create();
		User user = this.api.activeUser(concert.id());
		String a = this.api.hold(user, concert.id(), concert.date(), 20).field("reservationId");
		String b = this.api.hold(user, concert.id(), concert.date(), 21).field("reservationId");
		long total = TestConcerts.price(20) + TestConcerts.price(21);
		this.api.charge(user, total - 1);

		Response refused = this.api.post("/api/v1/payments", user.token(), Map.of("reservationIds", List.of(a, b)), "k1");
		assertThat(refused.status()).isEqualTo(409);
		assertThat(refused.code()).isEqualTo("INSUFFICIENT_BALANCE");
		assertThat(this.api.get("/api/v1/users/" + user.id() + "/balance", user.token()).body().get("balance").asLong())
			.isEqualTo(total - 1);
		assertThat(this.api.get("/api/v1/reservations/" + a, user.token()).field("status")).isEqualTo("HELD");
		assertThat(this.api.get("/api/v1/reservations/" + b, user.token()).field("status")).isEqualTo("HELD");
		assertThat(number("SELECT COUNT(*) AS n FROM sold_seat WHERE concert_id = :p", concert.id())).isZero();
		assertThat(this.api.get("/api/v1/queue/status", user.token()).field("status")).isEqualTo("ACTIVE");

		this.api.charge(user, 1);
		Response paid = this.api.post("/api/v1/payments", user.token(), Map.of("reservationIds", List.of(a, b)), "k1");
		assertThat(paid.status()).as("the claims were given back and the key too").isEqualTo(201);
		assertThat(paid.body().get("amount").asLong()).isEqualTo(total);
		assertThat(number("SELECT COUNT(*) AS n FROM sold_seat WHERE concert_id = :p", concert.id())).isEqualTo(2);
	}

	@Test
	void aReleasedHoldFreesTheSeatAndAPaidOneCannotBeReleased() {
		TestConcerts.Concert concert = this.concerts.create();
		User user = this.api.activeUser(concert.id());
		String released = this.api.hold(user, concert.id(), concert.date(), 30).field("reservationId");
		assertThat(this.api.delete("/api/v1/reservations/" + released, user.token()).status()).isEqualTo(204);
		assertThat(this.api.get("/api/v1/reservations/" + released, user.token()).field("status")).isEqualTo("CANCELLED");
		assertThat(this.api.delete("/api/v1/reservations/" + released, user.token()).status()).as("idempotent").isEqualTo(204);
		Response payReleased = this.api.post("/api/v1/payments", user.token(), Map.of("reservationIds", List.of(released)));
		assertThat(payReleased.code()).isEqualTo("HOLD_EXPIRED");

		User other = this.api.activeUser(concert.id());
		String taken = this.api.hold(other, concert.id(), concert.date(), 30).field("reservationId");
		this.api.charge(other, TestConcerts.price(30));
		assertThat(this.api.post("/api/v1/payments", other.token(), Map.of("reservationIds", List.of(taken))).status())
			.isEqualTo(201);
		String token = this.api.enter(other.id(), concert.id()).field("token");
		this.api.awaitActive(new User(other.id(), token));
		Response release = this.api.delete("/api/v1/reservations/" + taken, token);
		assertThat(release.status()).isEqualTo(409);
		assertThat(release.code()).isEqualTo("ALREADY_PAID");
		Response payAgain = this.api.post("/api/v1/payments", token, Map.of("reservationIds", List.of(taken)));
		assertThat(payAgain.code()).isEqualTo("ALREADY_PAID");
	}


}
