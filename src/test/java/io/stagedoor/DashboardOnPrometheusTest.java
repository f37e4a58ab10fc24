package io.stagedoor;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.stagedoor.support.Api.Response;
import io.stagedoor.support.Api.User;
import io.stagedoor.support.IntegrationTest;
import io.stagedoor.support.OwnedPrometheus;
import io.stagedoor.support.Requirements;
import io.stagedoor.support.TestConcerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Grafana dashboard against a real Prometheus (Debian's {@code prometheus}) scraping this
 * running Stagedoor every second, with the alert rules of ops/prometheus loaded: every expression
 * of every panel, asked through Prometheus's HTTP API as Grafana asks it, returns data for a concert
 * during a small sale and for a quiet concert (where the open streams and expired holds read 0, not
 * "No data"); the concert variable lists the concert; every alert rule evaluates and names only
 * metrics that exist.
 */
class DashboardOnPrometheusTest extends IntegrationTest {

	private static final Path DASHBOARD = Path.of("ops/grafana/dashboards/stagedoor.json");

	private static final Path COMPOSE_PROMETHEUS = Path.of("ops/prometheus/prometheus.yml");

	private static final Path ALERTS = Path.of("ops/prometheus/alerts.yml");

	private static final Duration WITHIN = Duration.ofSeconds(60);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static OwnedPrometheus prometheus;

	@BeforeEach
	void startPrometheus() throws IOException {
		Requirements.require(Requirements.onPath("prometheus"), "prometheus (Debian package prometheus)");
		if (prometheus == null) {
			prometheus = OwnedPrometheus.start("127.0.0.1:" + this.port, composeMetricsPath(), List.of(ALERTS));
		}
		await().atMost(WITHIN).untilAsserted(() -> assertThat(prometheus.query("up{job=\"stagedoor\"} == 1"))
			.as("Stagedoor scraped: %s", prometheus.activeTargets()).isNotEmpty());
	}

	@AfterAll
	static void stopPrometheus() {
		if (prometheus != null) {
			prometheus.close();
			prometheus = null;
		}
	}

	@Test
	void aQuietConcertsPanelsShowZerosNotNoData() throws IOException {
		TestConcerts.Concert quiet = this.concerts.create();
		awaitLineScraped(quiet.id());

		Map<String, String> panels = panelExpressions(quiet.id());
		awaitEveryExpressionAnswered(panels);
		for (Map.Entry<String, String> panel : panels.entrySet()) {
			if (panel.getValue().contains("stagedoor_queue_streams") || panel.getValue().contains("stagedoor_holds_expired_total")) {
				assertThat(values(prometheus.query(panel.getValue()))).as(panel.getKey()).containsOnly(0.0);
			}
		}
	}

	@Test
	void duringASmallSaleEveryPanelExpressionReturnsData() throws IOException {
		TestConcerts.Concert sale = this.concerts.create();
		// as in a real sale the line is known before the buyers come: the counters' first samples are
		// 0 (a counter first scraped at 4 shows no rise, and its rate() is 0)
		awaitLineScraped(sale.id());
		List<User> buyers = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			buyers.add(this.api.activeUser(sale.id()));
		}
		List<String> holds = new ArrayList<>();
		for (int i = 0; i < buyers.size(); i++) {
			Response held = this.api.hold(buyers.get(i), sale.id(), sale.date(), i + 1);
			assertThat(held.status()).as(held.text()).isEqualTo(201);
			holds.add(held.field("reservationId"));
		}
		for (int i = 0; i < 3; i++) {
			this.api.charge(buyers.get(i), TestConcerts.price(i + 1));
			Response paid = this.api.post("/api/v1/payments", buyers.get(i).token(),
					Map.of("reservationIds", List.of(holds.get(i))), "pay-" + UUID.randomUUID());
			assertThat(paid.status()).as(paid.text()).isEqualTo(201);
		}
		assertThat(this.api.delete("/api/v1/queue/tokens/me", buyers.get(3).token()).status()).isEqualTo(204);

		String concert = "concert=\"" + sale.id() + "\"";
		await().atMost(WITHIN).untilAsserted(() -> {
			assertThat(values(prometheus.query("stagedoor_payments_total{" + concert + ", outcome=\"completed\"}")))
				.as("the payments scraped").containsExactly(3.0);
			assertThat(values(prometheus.query("stagedoor_queue_abandoned_total{" + concert + ", reason=\"left\"}")))
				.as("the leave scraped").containsExactly(1.0);
		});
		assertThat(prometheus.labelValues("concert", "stagedoor_queue_waiting")).as("the concert variable's choices")
			.contains(Long.toString(sale.id()));

		Map<String, String> panels = panelExpressions(sale.id());
		awaitEveryExpressionAnswered(panels);
		String admitted = panels.get("Admitted per second #0");
		assertThat(values(prometheus.query(admitted))).as(admitted).allMatch(rate -> rate > 0);
		String payments = panels.get("Payments per second, by outcome #0");
		JsonNode byOutcome = prometheus.query(payments);
		assertThat(byOutcome).as(payments).anySatisfy(series -> {
			assertThat(series.get("metric").get("outcome").asString()).isEqualTo("completed");
			assertThat(series.get("value").get(1).asString()).isNotEqualTo("0");
		});
	}

	@Test
	void everyAlertRuleEvaluatesAndNamesOnlyMetricsThatExist() throws IOException {
		this.concerts.create();
		List<Map<String, Object>> alerts = AlertRulesTest.alerts();
		await().atMost(WITHIN).untilAsserted(() -> {
			List<JsonNode> rules = new ArrayList<>();
			prometheus.ruleGroups().forEach(group -> group.get("rules").forEach(rules::add));
			assertThat(rules).hasSize(alerts.size());
			assertThat(rules).allSatisfy(rule -> assertThat(rule.get("health").asString())
				.as("%s: %s", rule.get("name").asString(), rule.get("lastError")).isEqualTo("ok"));
		});

		Set<String> named = new TreeSet<>();
		for (Map<String, Object> alert : alerts) {
			named.addAll(DashboardTest.metricsIn((String) alert.get("expr")));
		}
		await().atMost(WITHIN).untilAsserted(
				() -> assertThat(prometheus.labelValues("__name__", "{job=\"stagedoor\"}")).containsAll(named));
	}

	private static void awaitLineScraped(long concertId) {
		await().atMost(WITHIN).untilAsserted(() -> assertThat(
				prometheus.query("stagedoor_queue_waiting{concert=\"" + concertId + "\"}")).isNotEmpty());
	}

	/** Every expression answers with at least one series; the message names those that do not. */
	private static void awaitEveryExpressionAnswered(Map<String, String> panels) {
		await().atMost(WITHIN).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
			Map<String, String> empty = new LinkedHashMap<>();
			panels.forEach((panel, expr) -> {
				if (prometheus.query(expr).isEmpty()) {
					empty.put(panel, expr);
				}
			});
			assertThat(empty).as("expressions that returned no data, of %d", panels.size()).isEmpty();
		});
	}

	/**
	 * Every target expression of the dashboard, keyed "panel title #n", with Grafana's variables as
	 * Grafana fills them: {@code $concert} with the one concert chosen, the interval variables with
	 * sensible values.
	 */
	private static Map<String, String> panelExpressions(long concertId) throws IOException {
		Map<String, String> expressions = new LinkedHashMap<>();
		collect(JSON.readTree(Files.readString(DASHBOARD)).get("panels"), concertId, expressions);
		assertThat(expressions).isNotEmpty();
		return expressions;
	}

	private static void collect(JsonNode panels, long concertId, Map<String, String> expressions) {
		for (JsonNode panel : panels) {
			JsonNode targets = panel.get("targets");
			if (targets != null) {
				for (int i = 0; i < targets.size(); i++) {
					String expr = fill(targets.get(i).get("expr").asString(), concertId);
					assertThat(expr).as("a Grafana variable left unfilled").doesNotContain("$");
					expressions.put(panel.get("title").asString() + " #" + i, expr);
				}
			}
			if (panel.get("panels") != null) {
				collect(panel.get("panels"), concertId, expressions);
			}
		}
	}

	private static String fill(String expr, long concertId) {
		String concert = Long.toString(concertId);
		return expr.replace("${concert}", concert)
			.replace("[[concert]]", concert)
			.replace("$concert", concert)
			.replace("$__rate_interval", "1m")
			.replace("$__interval", "15s")
			.replace("$__range", "5m");
	}

	private static List<Double> values(JsonNode result) {
		List<Double> values = new ArrayList<>();
		result.forEach(series -> values.add(Double.parseDouble(series.get("value").get(1).asString())));
		return values;
	}

	/** The metrics path that compose's Prometheus scrapes: the one this Prometheus scrapes too. */
	private static String composeMetricsPath() throws IOException {
		try (Reader reader = Files.newBufferedReader(COMPOSE_PROMETHEUS)) {
			Map<String, Object> config = new Yaml().load(reader);
			return (String) ((Map<?, ?>) ((List<?>) config.get("scrape_configs")).get(0)).get("metrics_path");
		}
	}

}
