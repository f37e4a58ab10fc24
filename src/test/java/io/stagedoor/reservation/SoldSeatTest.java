package io.stagedoor.reservation;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.stagedoor.support.Api.User;
import io.stagedoor.support.IntegrationTest;
import io.stagedoor.support.TestConcerts;

import static org.assertj.core.api.Assertions.assertThat;

class SoldSeatTest extends IntegrationTest {

	@Test
	void aPaidSeatCannotBeHeldAgainAlsoAfterRedisWasFlushed() {
		TestConcerts.Concert concert = this.concerts.create();
		User buyer = this.api.activeUser(concert.id());
		String reservationId = this.api.hold(buyer, concert.id(), concert.date(), 4).field("reservationId");
		this.api.charge(buyer, TestConcerts.price(4));
		assertThat(this.api.post("/api/v1/payments", buyer.token(), Map.of("reservationIds", List.of(reservationId)))
			.status()).isEqualTo(201);

		User second = this.api.activeUser(concert.id());
		assertThat(this.api.hold(second, concert.id(), concert.date(), 4).code()).isEqualTo("SEAT_UNAVAILABLE");

		// Redis loses everything: sold markers, holds, the line
		this.redis.execute(connection -> connection.serverCommands().flushDb()).blockLast();

		assertThat(this.api.get("/api/v1/queue/status", second.token()).status())
			.as("a live token of a lost line is put back in line").isEqualTo(200);
		assertThat(this.api.get("/api/v1/queue/status", buyer.token()).code())
			.as("a spent one stays refused: its payment is in the database").isEqualTo("TOKEN_EXPIRED");
		User third = this.api.activeUser(concert.id());
		assertThat(this.api.hold(third, concert.id(), concert.date(), 4).code()).isEqualTo("SEAT_UNAVAILABLE");
		assertThat(this.api.get("/api/v1/concerts/" + concert.id() + "/dates/" + concert.date() + "/seats", third.token())
			.body().get("seats").get(3).get("status").asString()).isEqualTo("RESERVED");
		assertThat(this.api.hold(third, concert.id(), concert.date(), 5).status()).isEqualTo(201);
	}

}
