package io.stagedoor;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard and the Prometheus and Grafana set-up of docker-compose.yml, checked by
 * reading them, as Grafana cannot run here: the dashboard's queries name only the metrics the
 * service exports (Prometheus names), cover every one of them, filter by the {@code concert}
 * variable, and point at the datasource that is provisioned; compose mounts files that exist.
 */
class DashboardTest {

	private static final Path DASHBOARD = Path.of("ops/grafana/dashboards/stagedoor.json");

	/** Every metric the dashboard may use, as Prometheus names it; summaries add _count and _sum. */
	static final Set<String> METRICS = Set.of("stagedoor_queue_waiting", "stagedoor_queue_active",
			"stagedoor_queue_prequeue", "stagedoor_queue_admitted_total", "stagedoor_queue_abandoned_total",
			"stagedoor_holds_total", "stagedoor_holds_current", "stagedoor_holds_expired_total",
			"stagedoor_payments_total", "stagedoor_queue_polls_total", "stagedoor_queue_streams",
			"stagedoor_queue_eta_error_ratio", "stagedoor_queue_eta_error_ratio_count",
			"stagedoor_queue_eta_error_ratio_sum", "stagedoor_queue_wait_seconds", "stagedoor_queue_wait_seconds_count",
			"stagedoor_queue_wait_seconds_sum", "stagedoor_queue_paused", "stagedoor_queue_max_active",
			"stagedoor_queue_admit_per_tick", "stagedoor_ready", "stagedoor_store_up");

	/** Metrics with no concert label: readiness and the stores, per instance (streams are per concert too). */
	private static final Set<String> PER_INSTANCE = Set.of("stagedoor_ready", "stagedoor_store_up");

	private static final Set<String> FUNCTIONS = Set.of("sum", "max", "min", "avg", "count", "rate", "irate",
			"increase", "clamp_min", "topk", "abs");

	private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset");

	private static final Pattern IDENTIFIER = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");

	private static final Pattern SELECTOR = Pattern.compile("(stagedoor_[a-z_]+)(\\{[^}]*\\})?");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void everyQueryNamesOnlyExportedMetricsAndTogetherTheyCoverThemAll() throws IOException {
		Set<String> used = new TreeSet<>();
		for (String expr : expressions(dashboard())) {
			Set<String> metrics = metricsIn(expr);
			assertThat(metrics).as(expr).isNotEmpty().isSubsetOf(METRICS);
			used.addAll(metrics);
		}
		assertThat(used).as("metrics on the dashboard").containsExactlyInAnyOrderElementsOf(METRICS);
	}

	@Test
	void everyConcertMetricIsFilteredByTheConcertVariable() throws IOException {
		JsonNode dashboard = dashboard();
		JsonNode variable = dashboard.get("templating").get("list").get(0);
		assertThat(variable.get("name").asString()).isEqualTo("concert");
		assertThat(variable.get("query").get("query").asString())
			.isEqualTo("label_values(stagedoor_queue_waiting, concert)");
		assertThat(variable.get("allValue").asString()).isEqualTo(".*");

		for (String expr : expressions(dashboard)) {
			Matcher selector = SELECTOR.matcher(expr);
			while (selector.find()) {
				String labels = selector.group(2) == null ? "" : selector.group(2);
				if (PER_INSTANCE.contains(selector.group(1))) {
					assertThat(labels).as(expr).doesNotContain("concert");
				}
				else {
					assertThat(labels).as(expr).contains("concert=~\"$concert\"");
				}
			}
		}
	}

	@Test
	void panelsHaveUniqueIdsFitTheGridAndUseTheProvisionedDatasource() throws IOException {
		JsonNode dashboard = dashboard();
		assertThat(dashboard.get("schemaVersion").asInt()).isBetween(36, 41);
		assertThat(dashboard.get("uid").asString()).isNotBlank();
		Map<String, Object> datasources = yaml("ops/grafana/provisioning/datasources/prometheus.yml");
		@SuppressWarnings("unchecked")
		Map<String, Object> prometheus = ((List<Map<String, Object>>) datasources.get("datasources")).get(0);
		assertThat(prometheus.get("url")).isEqualTo("http://prometheus:9090");

		Set<Integer> ids = new HashSet<>();
		List<int[]> boxes = new ArrayList<>();
		for (JsonNode panel : dashboard.get("panels")) {
			assertThat(ids.add(panel.get("id").asInt())).as("unique id " + panel.get("id")).isTrue();
			JsonNode grid = panel.get("gridPos");
			int[] box = { grid.get("x").asInt(), grid.get("y").asInt(), grid.get("w").asInt(), grid.get("h").asInt() };
			assertThat(box[0] + box[2]).as(panel.get("title").asString()).isBetween(1, 24);
			for (int[] other : boxes) {
				boolean apart = box[0] + box[2] <= other[0] || other[0] + other[2] <= box[0]
						|| box[1] + box[3] <= other[1] || other[1] + other[3] <= box[1];
				assertThat(apart).as(panel.get("title").asString() + " overlaps another panel").isTrue();
			}
			boxes.add(box);
			if (!"row".equals(panel.get("type").asString())) {
				assertThat(panel.get("datasource").get("uid").asString()).isEqualTo(prometheus.get("uid"));
				assertThat(panel.get("targets")).as(panel.get("title").asString()).isNotEmpty();
				panel.get("targets").forEach(target -> assertThat(target.get("datasource").get("uid").asString())
					.isEqualTo(prometheus.get("uid")));
			}
		}
	}

	@Test
	void composeScrapesTheAppAndProvisionsGrafanaFromFilesThatExist() throws IOException {
		Map<String, Object> prometheus = yaml("ops/prometheus/prometheus.yml");
		assertThat(((Map<?, ?>) prometheus.get("global")).get("scrape_interval")).isEqualTo("5s");
		Map<?, ?> job = (Map<?, ?>) ((List<?>) prometheus.get("scrape_configs")).get(0);
		assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus");
		Map<?, ?> dns = (Map<?, ?>) ((List<?>) job.get("dns_sd_configs")).get(0);
		assertThat(dns.get("names")).isEqualTo(List.of("app"));
		assertThat(dns.get("port")).isEqualTo(8080);

		Map<?, ?> services = (Map<?, ?>) yaml("docker-compose.yml").get("services");
		assertThat(services.keySet().stream().map(Object::toString).toList()).contains("app", "mysql", "redis", "prometheus", "grafana");
		assertThat(((Map<?, ?>) services.get("app")).get("ports")).isEqualTo(List.of("8080:8080"));
		for (String service : List.of("prometheus", "grafana")) {
			for (Object volume : (List<?>) ((Map<?, ?>) services.get(service)).get("volumes")) {
				String host = volume.toString().split(":")[0];
				assertThat(Path.of(host)).as(service + " mounts " + host).exists();
			}
		}
		Map<?, ?> grafana = (Map<?, ?>) services.get("grafana");
		assertThat(((List<?>) grafana.get("volumes")).stream().map(Object::toString).toList())
			.contains("./ops/grafana/dashboards:/etc/grafana/dashboards:ro");
		Map<?, ?> provider = (Map<?, ?>) ((List<?>) yaml("ops/grafana/provisioning/dashboards/stagedoor.yml")
			.get("providers")).get(0);
		assertThat(((Map<?, ?>) provider.get("options")).get("path")).isEqualTo("/etc/grafana/dashboards");
		assertThat(((Map<?, ?>) grafana.get("environment")).get("GF_AUTH_ANONYMOUS_ORG_ROLE")).isEqualTo("Viewer");
	}

	/** The metric names of a PromQL expression: identifiers outside strings, label sets, ranges and groupings. */
	static Set<String> metricsIn(String expr) {
		String bare = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
			.replaceAll("\\{[^}]*\\}", " ")
			.replaceAll("\\[[^\\]]*\\]", " ")
			.replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
		Set<String> metrics = new TreeSet<>();
		Matcher identifier = IDENTIFIER.matcher(bare);
		while (identifier.find()) {
			String name = identifier.group(1);
			if (identifier.group(2) != null) {
				assertThat(FUNCTIONS).as("function in " + expr).contains(name);
			}
			else if (!KEYWORDS.contains(name)) {
				metrics.add(name);
			}
		}
		return metrics;
	}

	private static List<String> expressions(JsonNode dashboard) {
		List<String> expressions = new ArrayList<>();
		for (JsonNode panel : dashboard.get("panels")) {
			JsonNode targets = panel.get("targets");
			if (targets != null) {
				targets.forEach(target -> expressions.add(target.get("expr").asString()));
			}
		}
		assertThat(expressions).isNotEmpty();
		return expressions;
	}

	private static JsonNode dashboard() throws IOException {
		return JSON.readTree(Files.readString(DASHBOARD));
	}

	private static Map<String, Object> yaml(String path) throws IOException {
		try (Reader reader = Files.newBufferedReader(Path.of(path))) {
			return new Yaml().load(reader);
		}
	}

}
