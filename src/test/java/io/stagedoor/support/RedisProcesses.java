package io.stagedoor.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The {@code redis-server} processes of one test setup (a single server, a cluster, Redis behind
 * Sentinel): each on its own port, logging into one temporary directory, killed as a crash kills them,
 * all gone on {@link #close()}. Also {@code redis-cli}, for the setups' own questions to their nodes.
 */
final class RedisProcesses implements AutoCloseable {

	private final Path dir;

	private final Map<Integer, Process> processes = new ConcurrentHashMap<>();

	/** Fails on CI, skips elsewhere, where Debian's redis-server package (server and cli) is missing. */
	RedisProcesses(String what) {
		Requirements.require(Requirements.onPath("redis-server") && Requirements.onPath("redis-cli"),
				"redis-server and redis-cli (Debian's redis-server package) for " + what);
		try {
			this.dir = Files.createTempDirectory("owned-redis");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	Path dir() {
		return this.dir;
	}

	/** A server without persistence on the port, with the extra arguments; returns once it answers PING. */
	void server(int port, String... extra) {
		List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port), "--bind",
				"127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "no", "--dir", this.dir.toString()));
		command.addAll(List.of(extra));
		launch(port, command);
	}

	/** A Sentinel from its configuration file; returns once it answers PING. */
	void sentinel(int port, Path conf) {
		launch(port, List.of("redis-server", conf.toString(), "--sentinel"));
	}

	private void launch(int port, List<String> command) {
		try {
			this.processes.put(port, new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.dir.resolve("redis-" + port + ".log").toFile()))
				.start());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
			.until(() -> "PONG".equals(cli(port, "ping").trim()));
	}

	/** The crash: SIGKILL, no goodbye; returns once the process is gone. */
	void kill(int port) {
		Process process = this.processes.remove(port);
		if (process != null) {
			process.destroyForcibly();
			try {
				process.waitFor(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/** The ports of the processes still running. */
	Set<Integer> live() {
		return this.processes.keySet();
	}

	@Override
	public void close() {
		this.processes.values().forEach(Process::destroyForcibly);
		this.processes.clear();
	}

	/** What {@code redis-cli} prints for a command to the server on the port. */
	static String cli(int port, String... args) {
		List<String> command = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
		command.addAll(List.of(args));
		return run(command);
	}

	static String run(List<String> command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			byte[] out = process.getInputStream().readAllBytes();
			process.waitFor(30, TimeUnit.SECONDS);
			return new String(out, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
