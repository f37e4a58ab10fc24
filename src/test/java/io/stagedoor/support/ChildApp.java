package io.stagedoor.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.stagedoor.StagedoorApplication;

/**
 * The application in a JVM of its own, as it runs in production: a test may kill it with SIGKILL
 * mid-flight, or run two of them on one Redis and one database. Its output goes to
 * {@code target/child-apps/}.
 */
public final class ChildApp implements AutoCloseable {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final String name;

	private final int port;

	private final Process process;

	private final Path log;

	private ChildApp(String name, int port, Process process, Path log) {
		this.name = name;
		this.port = port;
		this.process = process;
		this.log = log;
	}

	/**
	 * Starts the application with these settings ({@code spring.*}, {@code stagedoor.*}) on a free
	 * port, and waits until it is ready (Redis and the database reachable, the schema migrated).
	 */
	public static ChildApp start(String name, Map<String, String> settings) {
		int port = FreePorts.next();
		Path log = Path.of("target", "child-apps", name + "-" + port + ".log");
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Duser.timezone=Asia/Seoul", "-cp",
				System.getProperty("java.class.path"), StagedoorApplication.class.getName(), "--server.port=" + port,
				"--stagedoor.embedded.enabled=false", "--logging.level.io.stagedoor=info"));
		settings.forEach((key, value) -> command.add("--" + key + "=" + value));
		try {
			Files.createDirectories(log.getParent());
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			ChildApp app = new ChildApp(name, port, process, log);
			app.awaitReady();
			return app;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.port;
	}

	public long pid() {
		return this.process.pid();
	}

	/** SIGKILL: no shutdown hook, no graceful stop, requests in flight cut where they stand. */
	public void kill() {
		this.process.destroyForcibly();
		try {
			this.process.waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void awaitReady() {
		Instant deadline = Instant.now().plus(START_TIMEOUT);
		while (Instant.now().isBefore(deadline)) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(this.name + " exited with " + this.process.exitValue() + ":\n" + tail());
			}
			if (ready()) {
				return;
			}
			try {
				Thread.sleep(200);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		kill();
		throw new IllegalStateException(this.name + " not ready within " + START_TIMEOUT + ":\n" + tail());
	}

	private boolean ready() {
		try {
			HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health/readiness"))
				.timeout(Duration.ofSeconds(3))
				.build(), HttpResponse.BodyHandlers.discarding());
			return response.statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** The last lines of its output, for a failure message. */
	public String tail() {
		try {
			List<String> lines = Files.readAllLines(this.log);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex + ")";
		}
	}

	@Override
	public void close() {
		if (this.process.isAlive()) {
			kill();
		}
	}

}
