package io.stagedoor.faults;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.stagedoor.support.Api;
import io.stagedoor.support.ChildApp;
import io.stagedoor.support.IntegrationTest;
import io.stagedoor.support.OwnedRedis;
import io.stagedoor.support.SideDatabase;
import io.stagedoor.support.TcpProxy;
import io.stagedoor.support.TestConcerts;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The series the alerts of ops/prometheus/alerts.yml read, under the faults they are about, on an
 * application of its own (its own Redis, its database behind a proxy that the test cuts, a payment
 * gateway that declines every charge): {@code stagedoor_ready} and {@code stagedoor_store_up{store}}
 * are 1 while all is well, the lost store and readiness 0 while the other store stays 1, and 1 again
 * once the store is back; a declined charge and an outage's 503 show in
 * {@code http_server_requests_seconds_count} with the {@code uri} and {@code status} the alerts select.
 */
class AlertSignalsTest extends IntegrationTest {

	private static final Pattern HEALTH = Pattern
		.compile("(?m)^(stagedoor_ready|stagedoor_store_up)(\\{[^}]*\\})? (\\S+)$");

	private static final Duration WITHIN = Duration.ofSeconds(30);

	@Autowired
	Environment env;

	private OwnedRedis redis;

	private TcpProxy database;

	private ChildApp app;

	@AfterEach
	void stopServers() {
		if (this.app != null) {
			this.app.close();
		}
		if (this.database != null) {
			this.database.close();
		}
		if (this.redis != null) {
			this.redis.close();
		}
	}

	@Test
	void eachFaultShowsInTheSeriesItsAlertReads() {
		this.redis = OwnedRedis.start();
		SideDatabase side = SideDatabase.create(this.env, this.db, "alert_signals");
		Map<String, String> settings = new HashMap<>(side.settings());
		Matcher server = Pattern.compile("^(r2dbcs?:[^/]*//(?:[^@/]*@)?)([^:/]+):(\\d+)(/.*)$")
			.matcher(settings.get("spring.r2dbc.url"));
		assertThat(server.matches()).as(settings.get("spring.r2dbc.url")).isTrue();
		this.database = new TcpProxy(server.group(2), Integer.parseInt(server.group(3)));
		settings.put("spring.r2dbc.url", server.group(1) + "127.0.0.1:" + this.database.port() + server.group(4));
		settings.put("spring.data.redis.url", this.redis.url());
		settings.put("stagedoor.token.secret", "alert-signals-secret-0123456789abcdef01");
		settings.put("stagedoor.rate-limit.enabled", "false");
		settings.put("stagedoor.queue.tick", "100ms");
		settings.put("stagedoor.payment-gateway.failure-rate", "1");
		settings.put("stagedoor.health-metrics-every", "200ms");
		this.app = ChildApp.start("alert-signals", settings);
		Api api = new Api(this.app.baseUrl());
		awaitHealth(api, 1, 1, 1);

		TestConcerts.Concert concert = new TestConcerts(side.client()).create();
		await().atMost(WITHIN).until(() -> api.get("/api/v1/concerts", null).text().contains("\"concertId\":" + concert.id()));
		Api.User buyer = api.activeUser(concert.id());
		Api.Response declined = api.post("/api/v1/users/" + buyer.id() + "/balance/charge", buyer.token(),
				Map.of("amount", 10_000));
		assertThat(declined.code()).isEqualTo("PAYMENT_DECLINED");
		assertThat(scrape(api)).containsPattern(
				"http_server_requests_seconds_count\\{[^}]*status=\"402\",uri=\"/api/v1/users/\\{userId\\}/balance/charge\"\\}");

		this.redis.stop();
		awaitHealth(api, 0, 0, 1);
		Api.Response refused = api.enter(UUID.randomUUID(), concert.id());
		assertThat(refused.status()).as(refused.text()).isEqualTo(503);
		assertThat(scrape(api))
			.containsPattern("http_server_requests_seconds_count\\{[^}]*status=\"503\",uri=\"/api/v1/queue/tokens\"\\}");
		this.redis.restart();
		awaitHealth(api, 1, 1, 1);

		this.database.cut();
		awaitHealth(api, 0, 1, 0);
		this.database.restore();
		awaitHealth(api, 1, 1, 1);
	}

	private static void awaitHealth(Api api, double ready, double redis, double database) {
		Map<String, Double> expected = Map.of("stagedoor_ready", ready, "stagedoor_store_up{store=\"redis\"}", redis,
				"stagedoor_store_up{store=\"database\"}", database);
		await().atMost(WITHIN).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			Map<String, Double> figures = new HashMap<>();
			Matcher sample = HEALTH.matcher(scrape(api));
			while (sample.find()) {
				figures.put(sample.group(1) + (sample.group(2) == null ? "" : sample.group(2)),
						Double.parseDouble(sample.group(3)));
			}
			assertThat(figures).isEqualTo(expected);
		});
	}

	private static String scrape(Api api) {
		Api.Response scrape = api.get("/actuator/prometheus", null);
		assertThat(scrape.status()).isEqualTo(200);
		return scrape.text();
	}

}
