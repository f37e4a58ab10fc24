package io.stagedoor.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * A real Redis Cluster that a test owns: six {@code redis-server} processes in cluster mode on free
 * ports (three masters, each with one replica), built with {@code redis-cli --cluster create}, no
 * persistence. A test may SIGKILL a master, as a crash does, and watch its replica take over after
 * {@link #NODE_TIMEOUT}. Skipped where redis-server is missing, failed on CI (support/Requirements).
 */
public final class OwnedCluster implements AutoCloseable {

	/** cluster-node-timeout: how long a master may be silent before its replica takes over. */
	public static final Duration NODE_TIMEOUT = Duration.ofSeconds(3);

	private final RedisProcesses processes = new RedisProcesses("a real Redis Cluster");

	private final List<Integer> ports = new ArrayList<>();

	private OwnedCluster() {
	}

	public static OwnedCluster start() {
		OwnedCluster cluster = new OwnedCluster();
		try {
			for (int i = 0; i < 6; i++) {
				int port = FreePorts.next();
				cluster.ports.add(port);
				cluster.startNode(port);
			}
			List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
			cluster.ports.forEach(p -> create.add("127.0.0.1:" + p));
			create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
			String out = RedisProcesses.run(create);
			if (!out.contains("[OK] All 16384 slots covered")) {
				throw new IllegalStateException("redis-cli --cluster create failed:\n" + out);
			}
			await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
				.until(() -> cluster.ports.stream().allMatch(p -> cli(p, "cluster", "info").contains("cluster_state:ok")));
			return cluster;
		}
		catch (RuntimeException ex) {
			cluster.close();
			throw ex;
		}
	}

	private void startNode(int port) {
		this.processes.server(port, "--cluster-enabled", "yes", "--cluster-config-file", "nodes-" + port + ".conf",
				"--cluster-node-timeout", Long.toString(NODE_TIMEOUT.toMillis()),
				// the other masters keep serving while one shard fails over (the default stops them
				// all with CLUSTERDOWN until every slot is covered again): docs/scaling.md
				"--cluster-require-full-coverage", "no");
	}

	/** The seed nodes, as {@code spring.data.redis.cluster.nodes} takes them. */
	public String nodes() {
		return this.ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
	}

	/** The port of the master that serves a key's slot now. */
	public int masterOf(String key) {
		return servingMaster(key).orElseThrow(() -> new IllegalStateException("no live master serves " + key));
	}

	/** The live master serving a key's slot, if the cluster has one now (not during a failover). */
	public java.util.OptionalInt servingMaster(String key) {
		int live = liveNode();
		long slot = Long.parseLong(cli(live, "cluster", "keyslot", key).trim());
		for (String line : cli(live, "cluster", "nodes").split("\n")) {
			String[] f = line.trim().split(" ");
			if (f.length < 9 || !f[2].contains("master") || f[2].contains("fail")) {
				continue;
			}
			for (int i = 8; i < f.length; i++) {
				String[] range = f[i].split("-");
				if (range[0].startsWith("[")) {
					continue;
				}
				long from = Long.parseLong(range[0]);
				long to = range.length > 1 ? Long.parseLong(range[1]) : from;
				if (slot >= from && slot <= to) {
					return java.util.OptionalInt.of(Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1, f[1].indexOf('@'))));
				}
			}
		}
		return java.util.OptionalInt.empty();
	}

	/** Waits until the master's replica has every write the master acknowledged so far. */
	public void awaitReplicated(int master) {
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
			String info = cli(master, "info", "replication");
			long offset = -1;
			long replica = -2;
			for (String line : info.split("\r?\n")) {
				if (line.startsWith("master_repl_offset:")) {
					offset = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
				}
				else if (line.startsWith("slave0:")) {
					for (String part : line.substring(7).split(",")) {
						if (part.startsWith("offset=")) {
							replica = Long.parseLong(part.substring(7).trim());
						}
					}
				}
			}
			return offset == replica;
		});
	}

	/** The crash: SIGKILL, no goodbye to the cluster. */
	public void kill(int port) {
		this.processes.kill(port);
	}

	/** Whether a node (other than a dead one) answers and reports the whole cluster healthy. */
	public boolean healthy() {
		return "cluster_state:ok".equals(cli(liveNode(), "cluster", "info").lines()
			.filter(l -> l.startsWith("cluster_state")).findFirst().orElse("").trim());
	}

	private int liveNode() {
		return this.processes.live().stream().findFirst().orElseThrow();
	}

	@Override
	public void close() {
		this.processes.close();
	}

	private static String cli(int port, String... args) {
		return RedisProcesses.cli(port, args);
	}

}
