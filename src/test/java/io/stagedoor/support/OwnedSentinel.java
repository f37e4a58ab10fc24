package io.stagedoor.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

	private final RedisProcesses processes = new RedisProcesses("Redis behind Sentinel");

	private final List<Integer> sentinels = new ArrayList<>();

	private int master;

	private int replica;

	private OwnedSentinel() {
	}

	public static OwnedSentinel start() {
		OwnedSentinel setup = new OwnedSentinel();
		try {
			setup.master = FreePorts.next();
			setup.replica = FreePorts.next();
			setup.processes.server(setup.master);
			setup.processes.server(setup.replica, "--replicaof", "127.0.0.1", Integer.toString(setup.master));
			await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
				.until(() -> cli(setup.replica, "info", "replication").contains("master_link_status:up"));
			for (int i = 0; i < 3; i++) {
				int port = FreePorts.next();
				Path conf = setup.processes.dir().resolve("sentinel-" + port + ".conf");
				Files.writeString(conf, String.join("\n", "port " + port, "bind 127.0.0.1", "protected-mode no",
						"dir " + setup.processes.dir(), "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + setup.master + " 2",
						"sentinel down-after-milliseconds " + MASTER_NAME + " " + DOWN_AFTER.toMillis(),
						"sentinel failover-timeout " + MASTER_NAME + " 10000",
						"sentinel parallel-syncs " + MASTER_NAME + " 1", ""));
				setup.sentinels.add(port);
				setup.processes.sentinel(port, conf);
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
		this.processes.kill(this.master);
	}

	@Override
	public void close() {
		this.processes.close();
	}

	private static String cli(int port, String... args) {
		return RedisProcesses.cli(port, args);
	}

}
