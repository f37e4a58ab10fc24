package io.stagedoor.admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.stagedoor.support.Api;
import io.stagedoor.support.Api.Response;
import io.stagedoor.support.ChildApp;
import io.stagedoor.support.ChildAppTest;
import io.stagedoor.support.OwnedRedis;
import io.stagedoor.support.SideDatabase;
import io.stagedoor.support.TestConcerts;

import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An operator's controls outlive the service: the application is killed (SIGKILL) and started again,
 * then Redis restarts without its data; each time the concert's line is still paused with the
 * operator's max-active, and nobody is admitted until the operator resumes it.
 */
class ControlsRestartTest extends ChildAppTest {

	private static final String KEY = "restart-test-admin-key-0123456789";

	@Test
	void aPausedLineStaysPausedAcrossAKilledServiceAndARedisThatLostItsData() {
		this.ownedRedis = OwnedRedis.start();
		SideDatabase side = SideDatabase.create(this.env, this.db, "controls");
		Map<String, String> settings = new HashMap<>(side.settings());
		settings.put("spring.data.redis.url", this.ownedRedis.url());
		settings.put("stagedoor.token.secret", "controls-test-secret-0123456789abcdef");
		settings.put("stagedoor.admin.key", KEY);
		settings.put("stagedoor.rate-limit.enabled", "false");
		settings.put("stagedoor.queue.tick", "100ms");
		this.app = ChildApp.start("controls-first", settings);
		// after the start: the application's migrations make the side database's tables
		long concert = new TestConcerts(side.client()).create().id();
		Api first = new Api(this.app.baseUrl());
		Response paused = change(first, concert, Map.of("paused", true, "maxActive", 7));
		assertThat(paused.status()).as(paused.text()).isEqualTo(200);
		List<String> tokens = enter(first, concert, 3);

		this.app.kill();
		this.app = ChildApp.start("controls-second", settings);
		Api second = new Api(this.app.baseUrl());
		stillPausedAndAdmittingNobody(second, concert, tokens);

		// Redis restarts without persistence: the line is gone, the controls come back from the database
		this.ownedRedis.stop();
		this.ownedRedis.restart();
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
			.until(() -> second.enter(UUID.randomUUID(), concert).status() == 201);
		List<String> after = enter(second, concert, 3);
		stillPausedAndAdmittingNobody(second, concert, after);

		assertThat(change(second, concert, Map.of("paused", false)).status()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(after)
			.allSatisfy(token -> assertThat(second.get("/api/v1/queue/status", token).field("status")).isEqualTo("ACTIVE")));
		JsonNode audit = second.admin(HttpMethod.GET, "/admin/api/audit?concertId=" + concert, null, KEY, null).body();
		assertThat(audit).hasSize(2);
		assertThat(audit.get(1).get("actor").asString()).isEqualTo("night-shift");
	}

	private void stillPausedAndAdmittingNobody(Api api, long concert, List<String> tokens) {
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			JsonNode line = line(api, concert);
			return line.get("paused").asBoolean() && line.get("maxActive").asInt() == 7;
		});
		// fifteen ticks and more: still nobody admitted
		await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> line(api, concert)
			.get("active")
			.asLong() == 0 && tokens.stream().allMatch(t -> "WAITING".equals(api.get("/api/v1/queue/status", t).field("status"))));
	}

	private static Response change(Api api, long concert, Map<String, Object> change) {
		return api.admin(HttpMethod.PATCH, "/admin/api/concerts/" + concert + "/controls", change, KEY, "night-shift");
	}

	private static JsonNode line(Api api, long concert) {
		return api.admin(HttpMethod.GET, "/admin/api/concerts/" + concert, null, KEY, null).body().get("line");
	}

	private static List<String> enter(Api api, long concert, int n) {
		List<String> tokens = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			Response entered = api.enter(UUID.randomUUID(), concert);
			assertThat(entered.status()).as(entered.text()).isEqualTo(201);
			tokens.add(entered.field("token"));
		}
		return tokens;
	}

}
