package io.stagedoor;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

import io.stagedoor.queue.TestLines;
import io.stagedoor.support.Api.Response;
import io.stagedoor.support.Api.User;
import io.stagedoor.support.IntegrationTest;
import io.stagedoor.support.TestConcerts;

import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenarios that need time to pass: a small line (two active at once, one admitted per tick) and
 * short holds and timeouts. Time is waited for by polling with a deadline, never by sleeping.
 */
@TestPropertySource(properties = { "stagedoor.queue.max-active=2", "stagedoor.queue.admit-per-tick=1",
		"stagedoor.queue.active-ttl=3s", "stagedoor.queue.active-max=8s", "stagedoor.queue.idle-timeout=2s",
		"stagedoor.reservation.hold-ttl=2s", "stagedoor.reservation.claim-ttl=1s",
		"stagedoor.reservation.sweep-every=300ms" })
class ShortTimersTest extends IntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void holdExpiresAfterTtlThenTheSeatIsAvailableAndPayingItFails() {
		TestConcerts.Concert concert = this.concerts.create();
		User user = this.api.activeUser(concert.id());
		this.api.charge(user, 1_000_000);
		Response held = this.api.hold(user, concert.id(), concert.date(), 3);
		Instant expiresAt = Instant.parse(held.field("expiresAt"));
		String reservationId = held.field("reservationId");

		await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
			.until(() -> "AVAILABLE".equals(seatStatus(user, concert, 3)));
		assertThat(Duration.between(expiresAt, Instant.now())).as("AVAILABLE within a second of the lapse")
			.isLessThan(Duration.ofSeconds(1));
		assertThat(this.api.get("/api/v1/reservations/" + reservationId, user.token()).field("status")).isEqualTo("EXPIRED");

		Response paid = this.api.post("/api/v1/payments", user.token(), Map.of("reservationIds", List.of(reservationId)));
		assertThat(paid.status()).isEqualTo(409);
		assertThat(paid.code()).isEqualTo("HOLD_EXPIRED");
		assertThat(balance(user)).isEqualTo(1_000_000);
		await().atMost(Duration.ofSeconds(5)).until(() -> "EXPIRED".equals(storedStatus(reservationId)));
	}

	@Test
	void paymentWithALapsedHoldAmongSeveralChangesNothing() {
		TestConcerts.Concert concert = this.concerts.create();
		User user = this.api.activeUser(concert.id());
		this.api.charge(user, 1_000_000);
		Response first = this.api.hold(user, concert.id(), concert.date(), 1);
		Instant firstExpiry = Instant.parse(first.field("expiresAt"));
		await().atMost(Duration.ofSeconds(3)).until(() -> Instant.now().isAfter(firstExpiry.minusMillis(1_000)));
		Response second = this.api.hold(user, concert.id(), concert.date(), 2);
		await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(20))
			.until(() -> "EXPIRED".equals(this.api.get("/api/v1/reservations/" + first.field("reservationId"), user.token())
				.field("status")));

		Response paid = this.api.post("/api/v1/payments", user.token(),
				Map.of("reservationIds", List.of(second.field("reservationId"), first.field("reservationId"))));

		assertThat(paid.code()).isEqualTo("HOLD_EXPIRED");
		assertThat(balance(user)).isEqualTo(1_000_000);
		assertThat(this.api.get("/api/v1/reservations/" + second.field("reservationId"), user.token()).field("status"))
			.isEqualTo("HELD");
		assertThat(seatStatus(user, concert, 2)).isEqualTo("HELD");
		assertThat(this.api.get("/api/v1/queue/status", user.token()).field("status")).as("the token is still usable")
			.isEqualTo("ACTIVE");
	}

	@Test
	void aWaitingTokenIsRefusedWithItsPositionWhichFallsAsOthersLeave() {
		TestConcerts.Concert concert = this.concerts.create();
		User first = this.api.activeUser(concert.id());
		this.api.activeUser(concert.id());
		User third = entered(concert);
		User fourth = entered(concert);

		Response refused = this.api.get("/api/v1/concerts/" + concert.id() + "/dates", third.token());
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.code()).isEqualTo("QUEUE_NOT_ACTIVE");
		assertThat(refused.body().get("position").asInt()).isEqualTo(1);
		assertThat(this.api.get("/api/v1/queue/status", fourth.token()).body().get("position").asInt()).isEqualTo(2);

		assertThat(this.api.delete("/api/v1/queue/tokens/me", first.token()).status()).isEqualTo(204);
		assertThat(this.api.get("/api/v1/queue/status", first.token()).code()).isEqualTo("TOKEN_EXPIRED");
		this.api.awaitActive(third);
		assertThat(this.api.get("/api/v1/queue/status", fourth.token()).body().get("position").asInt()).isEqualTo(1);
	}

	@Test
	void aWaitingUserWhoStopsPollingLosesThePlace() {
		TestConcerts.Concert concert = this.concerts.create();
		this.api.activeUser(concert.id());
		this.api.activeUser(concert.id());
		User idle = entered(concert);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> !Boolean.TRUE.equals(this.redis.opsForZSet().score(TestLines.waiting(concert.id()),
					idle.id().toString()).map(score -> true).defaultIfEmpty(false).block()));
		assertThat(this.api.get("/api/v1/queue/status", idle.token()).code()).isEqualTo("TOKEN_EXPIRED");
		assertThat(this.api.enter(idle.id(), concert.id()).status()).as("a new entry at the back").isEqualTo(201);
	}

	@Test
	void leavingReleasesTheHoldsAtOnce() {
		TestConcerts.Concert concert = this.concerts.create();
		User user = this.api.activeUser(concert.id());
		String reservationId = this.api.hold(user, concert.id(), concert.date(), 9).field("reservationId");
		assertThat(this.api.delete("/api/v1/queue/tokens/me", user.token()).status()).isEqualTo(204);
		assertThat(storedStatus(reservationId)).isEqualTo("CANCELLED");
		User other = this.api.activeUser(concert.id());
		assertThat(seatStatus(other, concert, 9)).isEqualTo("AVAILABLE");
		Response fresh = this.api.enter(user.id(), concert.id());
		assertThat(this.api.get("/api/v1/reservations/" + reservationId, fresh.field("token")).field("status"))
			.isEqualTo("CANCELLED");
	}

	@Test
	void theEventStreamFollowsThePositionAndEndsWithActive() {
		TestConcerts.Concert concert = this.concerts.create();
		User first = this.api.activeUser(concert.id());
		User second = this.api.activeUser(concert.id());
		User waiting = entered(concert);
		User behind = entered(concert);

		Flux<ServerSentEvent<String>> stream = this.api.events(behind.token()).filter(e -> e.event() != null);
		var events = stream.timeout(Duration.ofSeconds(20)).collectList().subscribeOn(Schedulers.boundedElastic()).toFuture();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.api.get("/api/v1/queue/status", waiting.token()).status() == 200);
		this.api.delete("/api/v1/queue/tokens/me", first.token());
		this.api.awaitActive(waiting);
		this.api.delete("/api/v1/queue/tokens/me", second.token());

		List<ServerSentEvent<String>> seen = events.join();
		assertThat(seen).extracting(ServerSentEvent::event).startsWith("position").endsWith("active");
		List<Integer> positions = seen.stream()
			.filter(e -> "position".equals(e.event()))
			.map(e -> JSON.readTree(e.data()).get("position").asInt())
			.toList();
		assertThat(positions).containsExactly(2, 1);
	}

	@Test
	void aLeavingTokensStreamEndsWithExpired() {
		TestConcerts.Concert concert = this.concerts.create();
		this.api.activeUser(concert.id());
		this.api.activeUser(concert.id());
		User waiting = entered(concert);
		var events = this.api.events(waiting.token())
			.filter(e -> e.event() != null)
			.timeout(Duration.ofSeconds(20))
			.collectList()
			.subscribeOn(Schedulers.boundedElastic())
			.toFuture();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.api.get("/api/v1/queue/status", waiting.token()).status() == 200);
		this.api.delete("/api/v1/queue/tokens/me", waiting.token());
		assertThat(events.join()).extracting(ServerSentEvent::event).containsExactly("position", "expired");
	}

	private User entered(TestConcerts.Concert concert) {
		UUID id = UUID.randomUUID();
		Response entered = this.api.enter(id, concert.id());
		assertThat(entered.status()).isEqualTo(201);
		assertThat(entered.field("status")).isEqualTo("WAITING");
		return new User(id, entered.field("token"));
	}

	private String seatStatus(User user, TestConcerts.Concert concert, int seatNo) {
		Response seats = this.api.get("/api/v1/concerts/" + concert.id() + "/dates/" + concert.date() + "/seats",
				user.token());
		return seats.body().get("seats").get(seatNo - 1).get("status").asString();
	}

	private long balance(User user) {
		return this.api.get("/api/v1/users/" + user.id() + "/balance", user.token()).body().get("balance").asLong();
	}


}
