package io.stagedoor;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.stagedoor.support.Api.User;
import io.stagedoor.support.IntegrationTest;
import io.stagedoor.support.TestConcerts;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** An active entry that lapses takes its holds with it, long before the holds' own time is up. */
@TestPropertySource(properties = { "stagedoor.queue.active-ttl=1s", "stagedoor.queue.active-max=2s",
		"stagedoor.reservation.hold-ttl=5m" })
class EntryLapseTest extends IntegrationTest {

	@Test
	void anActiveEntryThatLapsesReleasesItsHolds() {
		TestConcerts.Concert concert = this.concerts.create();
		User user = this.api.activeUser(concert.id());
		String reservationId = this.api.hold(user, concert.id(), concert.date(), 5).field("reservationId");

		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
			.until(() -> "EXPIRED".equals(storedStatus(reservationId)));

		assertThat(this.api.get("/api/v1/queue/status", user.token()).code()).isEqualTo("TOKEN_EXPIRED");
		User other = this.api.activeUser(concert.id());
		assertThat(this.api.get("/api/v1/concerts/" + concert.id() + "/dates/" + concert.date() + "/seats", other.token())
			.body().get("seats").get(4).get("status").asString()).isEqualTo("AVAILABLE");
		assertThat(this.api.hold(other, concert.id(), concert.date(), 5).status()).isEqualTo(201);
	}

	@Test
	void anActiveEntryEndsAtActiveMaxEvenWhileUsed() {
		TestConcerts.Concert concert = this.concerts.create();
		User user = this.api.activeUser(concert.id());
		await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
			.until(() -> this.api.get("/api/v1/queue/status", user.token()).status() == 401);
		assertThat(this.api.get("/api/v1/queue/status", user.token()).code()).isEqualTo("TOKEN_EXPIRED");
	}


}
