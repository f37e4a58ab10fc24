package io.stagedoor.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Prometheus ({@code /usr/bin/prometheus}, Debian's package) that a test owns: it scrapes one
 * target every second, evaluates the given rule files every second, keeps its data in a temporary
 * folder, and listens on a free loopback port of 19090-19099. A test asks it through its HTTP API,
 * as Grafana does.
 */
public final class OwnedPrometheus implements AutoCloseable {

	public static final int FIRST_PORT = 19090;

	public static final int LAST_PORT = 19099;

	private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final Path dir;

	private final Process process;

	private final int port;

	private OwnedPrometheus(Path dir, Process process, int port) {
		this.dir = dir;
		this.process = process;
		this.port = port;
	}

	/**
	 * Starts Prometheus scraping {@code target} (host:port) at {@code metricsPath} every second, with
	 * these rule files, and waits until it is ready.
	 */
	public static OwnedPrometheus start(String target, String metricsPath, List<Path> ruleFiles) {
		try {
			Path dir = Files.createTempDirectory("owned-prometheus");
			StringBuilder config = new StringBuilder("""
					global:
					  scrape_interval: 1s
					  scrape_timeout: 1s
					  evaluation_interval: 1s
					rule_files:
					""");
			ruleFiles.forEach(file -> config.append("  - \"").append(file.toAbsolutePath()).append("\"\n"));
			config.append("scrape_configs:\n  - job_name: stagedoor\n    metrics_path: \"").append(metricsPath)
				.append("\"\n    static_configs:\n      - targets: [\"").append(target).append("\"]\n");
			Files.writeString(dir.resolve("prometheus.yml"), config);
			List<String> failures = new ArrayList<>();
			for (int port = FIRST_PORT; port <= LAST_PORT; port++) {
				if (!free(port)) {
					continue;
				}
				OwnedPrometheus prometheus = launch(dir, port);
				if (prometheus != null) {
					return prometheus;
				}
				failures.add(port + ": " + tail(dir.resolve("prometheus.log")));
			}
			throw new IllegalStateException("Prometheus started on none of the ports " + FIRST_PORT + "-" + LAST_PORT
					+ ": " + failures);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Started and ready on this port, or null where it exited (the port was taken meanwhile). */
	private static OwnedPrometheus launch(Path dir, int port) throws IOException {
		Process process = new ProcessBuilder("prometheus", "--config.file=" + dir.resolve("prometheus.yml"),
				"--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
			.redirectErrorStream(true)
			.redirectOutput(dir.resolve("prometheus.log").toFile())
			.start();
		OwnedPrometheus prometheus = new OwnedPrometheus(dir, process, port);
		Instant deadline = Instant.now().plus(START_TIMEOUT);
		while (Instant.now().isBefore(deadline) && process.isAlive()) {
			if (prometheus.status("/-/ready") == 200) {
				return prometheus;
			}
			pause();
		}
		process.destroyForcibly();
		return null;
	}

	public int port() {
		return this.port;
	}

	/** An instant query's {@code data.result} (a vector: one element per series). */
	public JsonNode query(String promql) {
		JsonNode answer = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
		if (!"success".equals(answer.get("status").asString())) {
			throw new IllegalStateException("query " + promql + " failed: " + answer);
		}
		return answer.get("data").get("result");
	}

	/** The values of a label on the series that match, as Grafana's {@code label_values(match, label)} asks. */
	public List<String> labelValues(String label, String match) {
		JsonNode answer = get("/api/v1/label/" + label + "/values?match[]="
				+ URLEncoder.encode(match, StandardCharsets.UTF_8));
		List<String> values = new ArrayList<>();
		answer.get("data").forEach(value -> values.add(value.asString()));
		return values;
	}

	/** The rule groups as loaded and last evaluated ({@code /api/v1/rules}). */
	public JsonNode ruleGroups() {
		return get("/api/v1/rules").get("data").get("groups");
	}

	/** The scrape targets, active ones with their health and last error ({@code /api/v1/targets}). */
	public JsonNode activeTargets() {
		return get("/api/v1/targets").get("data").get("activeTargets");
	}

	/** The end of its own log, for a failure message. */
	public String log() {
		return tail(this.dir.resolve("prometheus.log"));
	}

	private JsonNode get(String path) {
		try {
			HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(),
					HttpResponse.BodyHandlers.ofString());
			return JSON.readTree(response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private int status(String path) {
		try {
			return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(2)).build(),
					HttpResponse.BodyHandlers.discarding()).statusCode();
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
				this.process.waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		try (Stream<Path> files = Files.walk(this.dir)) {
			files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
		}
		catch (IOException ex) {
			// a temporary folder left behind
		}
	}

	private static boolean free(int port) {
		try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static String tail(Path log) {
		try {
			List<String> lines = Files.readAllLines(log);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex + ")";
		}
	}

	private static void pause() {
		try {
			Thread.sleep(100);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
