package io.stagedoor.admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.stagedoor.queue.TestLines;
import io.stagedoor.support.Api;
import io.stagedoor.support.Api.Response;
import io.stagedoor.support.IntegrationTest;
import io.stagedoor.support.TestConcerts;

import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The operators' API over HTTP against the real Redis and MariaDB: its key, and each control. */
class AdminApiTest extends IntegrationTest {

	private String path(long concertId) {
		return "/admin/api/concerts/" + concertId;
	}

	private JsonNode line(long concertId) {
		Response view = this.api.admin(HttpMethod.GET, path(concertId), null);
		assertThat(view.status()).isEqualTo(200);
		return view.body().get("line");
	}

	private Response change(long concertId, Object body) {
		return this.api.admin(HttpMethod.PATCH, path(concertId) + "/controls", body, Api.ADMIN_KEY, "alice");
	}

	private List<String> enterAll(long concertId, int n) {
		List<String> tokens = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			Response entered = this.api.enter(UUID.randomUUID(), concertId);
			assertThat(entered.status()).isEqualTo(201);
			tokens.add(entered.field("token"));
		}
		return tokens;
	}

	private String status(String token) {
		return this.api.get("/api/v1/queue/status", token).field("status");
	}

	@Test
	void theAdminApiRefusesNoKeyAWrongKeyAndTheQueueToken() {
		long concert = this.concerts.create().id();
		String queueToken = enterAll(concert, 1).get(0);
		Map<String, Object> pause = Map.of("paused", true);

		assertThat(this.api.admin(HttpMethod.GET, path(concert), null, null, null).code()).isEqualTo("ADMIN_UNAUTHORIZED");
		assertThat(this.api.admin(HttpMethod.GET, path(concert), null, "stagedoor-test-admin-kez", null).status())
			.isEqualTo(401);
		assertThat(this.api.admin(HttpMethod.PATCH, path(concert) + "/controls", pause, queueToken, null).code())
			.isEqualTo("ADMIN_UNAUTHORIZED");
		Response bearer = this.api.call(HttpMethod.PATCH, path(concert) + "/controls", queueToken, pause, Map.of())
			.block();
		assertThat(bearer.status()).isEqualTo(401);
		assertThat(bearer.headers().getContentType().toString()).startsWith("application/problem+json");

		assertThat(line(concert).get("paused").asBoolean()).as("nothing changed").isFalse();
		assertThat(this.api.admin(HttpMethod.GET, "/admin/api/audit?concertId=" + concert, null).body()).isEmpty();
	}

	@Test
	void aPauseStopsAdmissionsWithinATickAndAResumeAdmitsTheLine() {
		long concert = this.concerts.create().id();
		Response paused = change(concert, Map.of("paused", true));
		assertThat(paused.status()).isEqualTo(200);
		assertThat(paused.body().get("line").get("paused").asBoolean()).isTrue();
		List<String> tokens = enterAll(concert, 20);

		await().atMost(Duration.ofSeconds(5)).until(() -> line(concert).get("waiting").asLong() == 20);
		// ten ticks and more: nobody is admitted while paused
		await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> {
			JsonNode line = line(concert);
			return line.get("admittedTotal").asLong() == 0 && line.get("active").asLong() == 0;
		});
		assertThat(tokens).allSatisfy(token -> assertThat(status(token)).isEqualTo("WAITING"));

		assertThat(change(concert, Map.of("paused", false)).body().get("line").get("paused").asBoolean()).isFalse();
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(tokens).allSatisfy(token -> assertThat(status(token)).isEqualTo("ACTIVE")));
		assertThat(line(concert).get("admittedTotal").asLong()).isEqualTo(20);

		JsonNode audit = this.api.admin(HttpMethod.GET, "/admin/api/audit?concertId=" + concert, null).body();
		assertThat(audit).hasSize(2);
		assertThat(audit.get(0).get("change").asString()).isEqualTo("{\"paused\":false}");
		assertThat(audit.get(1).get("change").asString()).isEqualTo("{\"paused\":true}");
		assertThat(audit.get(0).get("actor").asString()).isEqualTo("alice");
		assertThat(audit.get(0).get("address").asString()).isEqualTo("127.0.0.1");
		assertThat(audit.get(0).get("at").asString()).isNotBlank();
	}

	@Test
	void maxActiveAndAdmitPerTickChangeLiveAndDrainingClosesIssuance() {
		long concert = this.concerts.create().id();
		Response limited = change(concert, Map.of("maxActive", 3, "admitPerTick", 1));
		assertThat(limited.body().get("line").get("maxActive").asInt()).isEqualTo(3);
		assertThat(limited.body().get("line").get("admitPerTick").asInt()).isEqualTo(1);
		enterAll(concert, 10);

		await().atMost(Duration.ofSeconds(5)).until(() -> line(concert).get("active").asLong() == 3);
		await().during(Duration.ofMillis(1000)).atMost(Duration.ofSeconds(2))
			.until(() -> line(concert).get("active").asLong() == 3 && line(concert).get("waiting").asLong() == 7);

		UUID early = UUID.randomUUID();
		assertThat(this.api.enter(early, concert).status()).isEqualTo(201);
		assertThat(change(concert, Map.of("draining", true)).body().get("line").get("draining").asBoolean()).isTrue();
		Response refused = this.api.enter(UUID.randomUUID(), concert);
		assertThat(refused.status()).isEqualTo(409);
		assertThat(refused.code()).isEqualTo("QUEUE_CLOSED");
		Response again = this.api.enter(early, concert);
		assertThat(again.status()).as("a live entry is still returned").isEqualTo(200);
		assertThat(again.body().get("position").asLong()).isEqualTo(8);

		change(concert, Map.of("draining", false, "maxActive", 20));
		assertThat(this.api.enter(UUID.randomUUID(), concert).status()).isEqualTo(201);
		await().atMost(Duration.ofSeconds(5)).until(() -> line(concert).get("active").asLong() == 12);
	}

	@Test
	void controlsSurviveRedisForgettingThem() {
		long concert = this.concerts.create().id();
		change(concert, Map.of("paused", true, "maxActive", 7));
		enterAll(concert, 5);
		// a Redis restart without persistence loses the live copy; the database keeps the controls
		this.redis.delete(TestLines.controls(concert)).block();

		await().atMost(Duration.ofSeconds(5)).until(() -> {
			JsonNode line = line(concert);
			return line.get("paused").asBoolean() && line.get("maxActive").asInt() == 7
					&& "1".equals(this.redis.<String, String>opsForHash()
						.get(TestLines.controls(concert), "loaded")
						.block());
		});
		await().during(Duration.ofMillis(1000)).atMost(Duration.ofSeconds(2))
			.until(() -> line(concert).get("admittedTotal").asLong() == 0);
	}

	@Test
	void badChangesAreRefusedAndChangeNothing() {
		long concert = this.concerts.create().id();
		Response empty = change(concert, Map.of());
		assertThat(empty.code()).as(empty.toString()).isEqualTo("INVALID_REQUEST");
		assertThat(change(concert, Map.of("maxActive", 0)).code()).isEqualTo("INVALID_REQUEST");
		assertThat(change(concert, Map.of("admitPerTick", 1_000_000)).code()).isEqualTo("INVALID_REQUEST");
		assertThat(change(concert, "{\"paused\":\"yes\"}").code()).isEqualTo("INVALID_REQUEST");
		assertThat(change(concert, "{\"paused\":true,\"colour\":1}").code()).isEqualTo("INVALID_REQUEST");
		assertThat(change(concert, "{").code()).isEqualTo("INVALID_REQUEST");
		assertThat(this.api.admin(HttpMethod.PATCH, path(concert) + "/controls", Map.of("paused", true), Api.ADMIN_KEY,
				"<script>").code()).isEqualTo("INVALID_REQUEST");
		assertThat(change(999_999_999L, Map.of("paused", true)).code()).isEqualTo("NOT_FOUND");
		assertThat(this.api.admin(HttpMethod.GET, "/admin/api/audit?limit=0", null).code()).isEqualTo("INVALID_REQUEST");
		assertThat(line(concert).get("paused").asBoolean()).isFalse();
		assertThat(this.api.admin(HttpMethod.GET, "/admin/api/audit?concertId=" + concert, null).body()).isEmpty();
	}

	@Test
	void theLineViewAndTheMetricsShowAdmissionsSeatsAndTheEtaTruth() {
		TestConcerts.Concert concert = this.concerts.create();
		// paused, so the one who leaves leaves from the line, never after an admission (a tick of
		// 100 ms could admit the fifth before the leave and make it six admissions)
		change(concert.id(), Map.of("paused", true));
		List<String> tokens = enterAll(concert.id(), 5);
		this.api.delete("/api/v1/queue/tokens/me", tokens.get(4));
		change(concert.id(), Map.of("paused", false));
		Api.User buyer = this.api.activeUser(concert.id());
		assertThat(this.api.hold(buyer, concert.id(), concert.date(), 3).status()).isEqualTo(201);

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			Response view = this.api.admin(HttpMethod.GET, path(concert.id()), null);
			JsonNode line = view.body().get("line");
			assertThat(line.get("admittedTotal").asLong()).isEqualTo(5);
			assertThat(line.get("abandoned").get("left").asLong()).isEqualTo(1);
			assertThat(view.body().get("seats").get("holds").asLong()).isEqualTo(1);
			assertThat(view.body().get("seats").get("seats").asLong()).isEqualTo(50);
		});
		String metrics = this.api.get("/actuator/prometheus", null).text();
		String tag = "concert=\"" + concert.id() + "\"";
		assertThat(metrics).as("the buyers admitted in the line's first minute count in the cohort of the open")
			.containsPattern("stagedoor_queue_eta_error_ratio_count\\{cohort=\"open\"," + tag + "\\} [1-9]");
		assertThat(metrics).containsPattern("stagedoor_queue_abandoned_total\\{" + tag + ",reason=\"left\"\\} 1");
		assertThat(metrics).contains("stagedoor_queue_paused{" + tag + "} 0");
		assertThat(metrics).containsPattern("stagedoor_queue_polls_total\\{" + tag + "\\} [1-9]");
	}

}
