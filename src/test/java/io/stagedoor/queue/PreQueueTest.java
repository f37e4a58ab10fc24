package io.stagedoor.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.stagedoor.support.Api.Response;
import io.stagedoor.support.IntegrationTest;
import io.stagedoor.support.TestConcerts;

import org.springframework.http.HttpMethod;
import org.springframework.http.codec.ServerSentEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The fair start over HTTP: what a user in the pre-queue sees before, at and after the open. */
class PreQueueTest extends IntegrationTest {

	private static final Duration OPENS_IN = Duration.ofSeconds(10);

	@Test
	void usersWaitInThePreQueueUntilTheOpenAndThenStandAheadOfEveryLaterArrival() {
		// far enough ahead for the pre-queue steps below on a cold context (at 4 s, a fresh context's
		// first requests took longer and the line had opened before the first entry)
		Instant opensAt = Instant.now().plus(OPENS_IN);
		TestConcerts.Concert concert = this.concerts.opening(opensAt);
		// one at a time, so the line after the open shows places
		this.api.admin(HttpMethod.PATCH, "/admin/api/concerts/" + concert.id() + "/controls", Map.of("maxActive", 1));

		List<String> tokens = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			Response entered = this.api.enter(UUID.randomUUID(), concert.id());
			assertThat(entered.status()).isEqualTo(201);
			assertThat(entered.field("status")).isEqualTo("PRE_QUEUE");
			assertThat(entered.body().get("position").isNull()).isTrue();
			assertThat(Instant.parse(entered.field("opensAt")).toEpochMilli()).isEqualTo(opensAt.toEpochMilli());
			assertThat(entered.body().get("estimatedWaitSeconds").asLong()).isBetween(1L, OPENS_IN.toSeconds());
			tokens.add(entered.field("token"));
		}
		Response status = this.api.get("/api/v1/queue/status", tokens.get(0));
		assertThat(status.field("status")).isEqualTo("PRE_QUEUE");
		assertThat(status.body().get("pollAfterMs").asLong()).isPositive();
		Response booking = this.api.get("/api/v1/concerts/" + concert.id() + "/dates", tokens.get(0));
		assertThat(booking.status()).isEqualTo(403);
		assertThat(booking.code()).isEqualTo("QUEUE_NOT_ACTIVE");
		assertThat(booking.field("queueStatus")).isEqualTo("PRE_QUEUE");
		ServerSentEvent<String> first = this.api.events(tokens.get(1)).blockFirst(Duration.ofSeconds(5));
		assertThat(first.event()).isEqualTo("prequeue");
		assertThat(first.data()).contains("opensAt");
		JsonNode listed = null;
		for (JsonNode c : this.api.get("/api/v1/concerts", null).body()) {
			if (c.get("concertId").asLong() == concert.id()) {
				listed = c;
			}
		}
		assertThat(listed.get("saleOpensAt").asString()).isNotBlank();

		// the open: one of the three is admitted (max-active 1), the other two hold places 1 and 2
		await().atMost(OPENS_IN.plusSeconds(11)).pollInterval(Duration.ofMillis(100))
			.until(() -> tokens.stream().anyMatch(t -> "ACTIVE".equals(this.api.get("/api/v1/queue/status", t).field("status"))));
		assertThat(Instant.now()).isAfterOrEqualTo(opensAt);
		List<Long> places = new ArrayList<>();
		for (String token : tokens) {
			Response now = this.api.get("/api/v1/queue/status", token);
			if ("WAITING".equals(now.field("status"))) {
				places.add(now.body().get("position").asLong());
			}
		}
		assertThat(places).containsExactlyInAnyOrder(1L, 2L);
		Response late = this.api.enter(UUID.randomUUID(), concert.id());
		assertThat(late.field("status")).isEqualTo("WAITING");
		assertThat(late.body().get("position").asLong()).isEqualTo(3);
	}

}
