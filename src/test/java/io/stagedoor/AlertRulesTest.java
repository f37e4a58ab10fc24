package io.stagedoor;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import io.stagedoor.support.Requirements;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alert rules of ops/prometheus/ as Prometheus's own tool reads them: {@code promtool check
 * rules}, their unit tests ({@code promtool test rules}, series that fire each alert and series that
 * do not), and {@code promtool check config} on compose's Prometheus configuration, which loads
 * them. Every alert has a unit test that fires it and a runbook section in docs/alerts.md that its
 * {@code runbook} annotation points at.
 */
class AlertRulesTest {

	private static final Path DIR = Path.of("ops/prometheus");

	private static final Path RUNBOOK = Path.of("docs/alerts.md");

	@Test
	void promtoolChecksTheRules() throws Exception {
		requirePromtool();
		Result check = promtool("check", "rules", "alerts.yml");
		assertThat(check.exit()).as("promtool check rules:\n%s", check.output()).isZero();
		assertThat(check.output()).contains("SUCCESS: " + alerts().size() + " rules found");
	}

	@Test
	void promtoolsUnitTestsOfTheRulesPass() throws Exception {
		requirePromtool();
		Result test = promtool("test", "rules", "alerts.test.yml");
		assertThat(test.exit()).as("promtool test rules:\n%s", test.output()).isZero();
		assertThat(test.output()).contains("SUCCESS");
	}

	@Test
	void promtoolChecksComposesPrometheusConfigurationWithTheRulesItLoads() throws Exception {
		requirePromtool();
		Result check = promtool("check", "config", "prometheus.yml");
		assertThat(check.exit()).as("promtool check config:\n%s", check.output()).isZero();
		assertThat(check.output()).contains("SUCCESS: 1 rule files found");
	}

	@Test
	void everyAlertHasAUnitTestThatFiresItAndARunbookSection() throws IOException {
		Set<String> fired = new TreeSet<>();
		for (Map<String, Object> test : list(yaml(DIR.resolve("alerts.test.yml")).get("tests"))) {
			for (Map<String, Object> check : list(test.get("alert_rule_test"))) {
				if (!list(check.get("exp_alerts")).isEmpty()) {
					fired.add((String) check.get("alertname"));
				}
			}
		}
		String runbook = Files.readString(RUNBOOK);
		List<Map<String, Object>> alerts = alerts();
		assertThat(alerts).isNotEmpty();
		for (Map<String, Object> alert : alerts) {
			String name = (String) alert.get("alert");
			assertThat(fired).as("alerts.test.yml fires " + name).contains(name);
			@SuppressWarnings("unchecked")
			Map<String, String> annotations = (Map<String, String>) alert.get("annotations");
			assertThat(annotations.get("runbook")).isEqualTo("docs/alerts.md#" + name.toLowerCase(Locale.ROOT));
			assertThat(runbook).as("docs/alerts.md has a section for " + name).contains("\n## " + name + "\n");
		}
	}

	/** Every rule of alerts.yml (all are alerts). */
	static List<Map<String, Object>> alerts() throws IOException {
		List<Map<String, Object>> rules = new ArrayList<>();
		for (Map<String, Object> group : list(yaml(DIR.resolve("alerts.yml")).get("groups"))) {
			rules.addAll(list(group.get("rules")));
		}
		return rules;
	}

	private static void requirePromtool() {
		Requirements.require(Requirements.onPath("promtool"), "promtool (Debian package prometheus)");
	}

	private record Result(int exit, String output) {
	}

	private static Result promtool(String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("promtool"));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true).start();
		byte[] out = process.getInputStream().readAllBytes();
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			return new Result(-1, "timed out");
		}
		return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> list(Object value) {
		return (value == null) ? List.of() : (List<Map<String, Object>>) value;
	}

	private static Map<String, Object> yaml(Path path) throws IOException {
		try (Reader reader = Files.newBufferedReader(path)) {
			return new Yaml().load(reader);
		}
	}

}
