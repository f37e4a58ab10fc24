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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * Redis behind Sentinel that a test owns: a master, one replica and three Sentinels
 * ({@code redis-server file.conf --sentinel}), on free ports, no persistence. A test may SIGKILL the
 * master and watch the Sentinels promote the replica after {@link #DOWN_AFTER}.
 */
public final class OwnedSentinel implements AutoCloseable {

	public static final String MASTER_NAME = "stagedoor";

	/** down-after-milliseconds: how long the master may be silent before the Sentinels act. */
	public static final Duration DOWN_AFTER = Duration.ofSeconds(2);

	private final Path dir;

	private final Map<Integer, Process> processes = new ConcurrentHashMap<>();

	private final List<Integer> sentinels = new ArrayList<>();

	private int master;

	private int replica;

	private OwnedSentinel() {
		try {
			this.dir = Files.createTempDirectory("owned-sentinel");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static OwnedSentinel start() {
		Requirements.require(Requirements.onPath("redis-server") && Requirements.onPath("redis-cli"),
				"redis-server and redis-cli (Debian's redis-server package) for Redis behind Sentinel");
		OwnedSentinel setup = new OwnedSentinel();
		try {
			setup.master = FreePorts.next();
			setup.replica = FreePorts.next();
			setup.launch(setup.master, List.of());
			setup.launch(setup.replica, List.of("--replicaof", "127.0.0.1", Integer.toString(setup.master)));
			await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
				.until(() -> cli(setup.replica, "info", "replication").contains("master_link_status:up"));
			for (int i = 0; i < 3; i++) {
				int port = FreePorts.next();
				Path conf = setup.dir.resolve("sentinel-" + port + ".conf");
				Files.writeString(conf, String.join("\n", "port " + port, "bind 127.0.0.1", "protected-mode no",
						"dir " + setup.dir, "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + setup.master + " 2",
						"sentinel down-after-milliseconds " + MASTER_NAME + " " + DOWN_AFTER.toMillis(),
						"sentinel failover-timeout " + MASTER_NAME + " 10000",
						"sentinel parallel-syncs " + MASTER_NAME + " 1", ""));
				setup.sentinels.add(port);
				setup.launchSentinel(port, conf);
			}
			await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
				.until(() -> setup.sentinels.stream()
					.allMatch(s -> cli(s, "sentinel", "master", MASTER_NAME).contains("num-other-sentinels\n2")
							&& cli(s, "sentinel", "master", MASTER_NAME).contains("num-slaves\n1")));
			return setup;
		}
		catch (IOException ex) {
			setup.close();
			throw new UncheckedIOException(ex);
		}
		catch (RuntimeException ex) {
			setup.close();
			throw ex;
		}
	}

	private void launch(int port, List<String> extra) {
		List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port), "--bind",
				"127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "no", "--dir", this.dir.toString()));
		command.addAll(extra);
		start(port, command);
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
			.until(() -> "PONG".equals(cli(port, "ping").trim()));
	}

	private void launchSentinel(int port, Path conf) {
		start(port, List.of("redis-server", conf.toString(), "--sentinel"));
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
			.until(() -> "PONG".equals(cli(port, "ping").trim()));
	}

	private void start(int port, List<String> command) {
		try {
			this.processes.put(port, new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.dir.resolve("redis-" + port + ".log").toFile()))
				.start());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The Sentinels, as {@code spring.data.redis.sentinel.nodes} takes them. */
	public String sentinelNodes() {
		return this.sentinels.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
	}

	public int master() {
		return this.master;
	}

	/** The master's port as the Sentinels report it now. */
	public int reportedMaster() {
		String[] reply = cli(this.sentinels.get(0), "sentinel", "get-master-addr-by-name", MASTER_NAME).trim().split("\\s+");
		return reply.length < 2 ? -1 : Integer.parseInt(reply[1]);
	}

	/** Waits until the replica has every write the master acknowledged so far. */
	public void awaitReplicated() {
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
			String info = cli(this.master, "info", "replication");
			String offset = field(info, "master_repl_offset:");
			return offset != null && info.contains("offset=" + offset + ",");
		});
	}

	private static String field(String info, String name) {
		return info.lines().filter(l -> l.startsWith(name)).map(l -> l.substring(name.length()).trim()).findFirst()
			.orElse(null);
	}

	/** The crash: SIGKILL. */
	public void killMaster() {
		Process process = this.processes.remove(this.master);
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

	@Override
	public void close() {
		this.processes.values().forEach(Process::destroyForcibly);
		this.processes.clear();
	}

	private static String cli(int port, String... args) {
		List<String> command = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
		command.addAll(List.of(args));
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
