package io.stagedoor.queue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import io.stagedoor.support.Api.Response;
import io.stagedoor.support.Api.User;
import io.stagedoor.support.IntegrationTest;
import io.stagedoor.support.TestConcerts;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis loses a concert's line mid-sale (what a failover's lost writes or a flushed Redis leave): every
 * waiting user's next use puts them back in arrival order, a spent token stays refused, and a user who
 * enters afterwards stands behind them all.
 */
class LostLineTest extends IntegrationTest {

	@Autowired
	private MeterRegistry meters;

	private void loseTheLine(long concertId) {
		this.redis.delete(TestLines.allKeys(concertId).toArray(String[]::new)).block();
	}

	private long position(User user) {
		Response status = this.api.get("/api/v1/queue/status", user.token());
		assertThat(status.status()).as("status of %s: %s", user.id(), status.text()).isEqualTo(200);
		assertThat(status.field("status")).isEqualTo("WAITING");
		return status.body().get("position").asLong();
	}

	private double reseats(long concertId) {
		Counter counter = this.meters.find("stagedoor.queue.reseats").tag("concert", Long.toString(concertId)).counter();
		return (counter != null) ? counter.count() : 0;
	}

	@Test
	void afterTheLineIsLostEveryWaitingUserComesBackInArrivalOrderAndASpentTokenStaysRefused() {
		TestConcerts.Concert concert = this.concerts.create();
		User buyer = this.api.activeUser(concert.id());
		String reservationId = this.api.hold(buyer, concert.id(), concert.date(), 3).field("reservationId");
		this.api.charge(buyer, 100_000);
		Response paid = this.api.post("/api/v1/payments", buyer.token(), Map.of("reservationIds", List.of(reservationId)),
				"pay-" + UUID.randomUUID());
		assertThat(paid.status()).isEqualTo(201);
		assertThat(this.api.admin(HttpMethod.PATCH, "/admin/api/concerts/" + concert.id() + "/controls",
				Map.of("paused", true)).status()).isEqualTo(200);

		List<User> waiting = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			UUID id = UUID.randomUUID();
			Response entered = this.api.enter(id, concert.id());
			assertThat(entered.body().get("position").asLong()).isEqualTo(i + 1);
			waiting.add(new User(id, entered.field("token")));
		}

		loseTheLine(concert.id());

		// they come back in the reverse order of their arrival: each stands ahead of those back already
		for (int i = waiting.size() - 1; i >= 0; i--) {
			assertThat(position(waiting.get(i))).as("back at its arrival, ahead of the later arrivals").isEqualTo(1);
		}
		for (int i = 0; i < waiting.size(); i++) {
			assertThat(position(waiting.get(i))).as("arrival order").isEqualTo(i + 1);
		}
		assertThat(reseats(concert.id())).as("one re-seat each, none for the polls after").isEqualTo(4);

		Response spent = this.api.get("/api/v1/queue/status", buyer.token());
		assertThat(spent.code()).as("the payment in the database refuses it").isEqualTo("TOKEN_EXPIRED");

		Response newcomer = this.api.enter(UUID.randomUUID(), concert.id());
		assertThat(newcomer.status()).isEqualTo(201);
		assertThat(newcomer.body().get("position").asLong()).as("behind every earlier token").isEqualTo(5);
	}

	@Test
	void aPageReloadedAfterTheLineWasLostGetsTheSameTokenAndPlace() {
		TestConcerts.Concert concert = this.concerts.create();
		assertThat(this.api.admin(HttpMethod.PATCH, "/admin/api/concerts/" + concert.id() + "/controls",
				Map.of("paused", true)).status()).isEqualTo(200);
		UUID first = UUID.randomUUID();
		String firstToken = this.api.enter(first, concert.id()).field("token");
		UUID second = UUID.randomUUID();
		String secondToken = this.api.enter(second, concert.id()).field("token");

		loseTheLine(concert.id());

		Map<String, Object> body = Map.of("userId", second.toString(), "concertId", concert.id());
		Response reloaded = this.api.post("/api/v1/queue/tokens", secondToken, body);
		assertThat(reloaded.status()).as("the entry put back, not a new one: %s", reloaded.text()).isEqualTo(200);
		assertThat(reloaded.field("token")).isEqualTo(secondToken);
		assertThat(reloaded.body().get("position").asLong()).isEqualTo(1);

		Response firstBack = this.api.post("/api/v1/queue/tokens", firstToken,
				Map.of("userId", first.toString(), "concertId", concert.id()));
		assertThat(firstBack.status()).isEqualTo(200);
		assertThat(firstBack.body().get("position").asLong()).as("ahead: it arrived first").isEqualTo(1);
		assertThat(position(new User(second, secondToken))).isEqualTo(2);

		Response withoutToken = this.api.enter(UUID.randomUUID(), concert.id());
		assertThat(withoutToken.status()).isEqualTo(201);
		assertThat(withoutToken.body().get("position").asLong()).isEqualTo(3);
	}

}
