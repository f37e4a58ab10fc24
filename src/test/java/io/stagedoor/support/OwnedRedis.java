package io.stagedoor.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;


import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import static org.awaitility.Awaitility.await;

/**
 * A {@code redis-server} that a test owns, on a port of its own and without persistence, so the
 * test may stop it (an outage) and start it again empty (a restart that lost the data) without
 * touching the suite's Redis.
 */
public final class OwnedRedis implements AutoCloseable {

	private final int port;

	private final RedisProcesses processes = new RedisProcesses("a Redis server a test may stop");

	private LettuceConnectionFactory connections;

	private OwnedRedis(int port) {
		this.port = port;
	}

	/** Starts one on a free port; skips the test where {@code redis-server} is missing (fails it on CI). */
	public static OwnedRedis start() {
		OwnedRedis redis = new OwnedRedis(FreePorts.next());
		redis.restart();
		return redis;
	}

	public int port() {
		return this.port;
	}

	public String url() {
		return "redis://127.0.0.1:" + this.port;
	}

	/** Starts the server again on the same port, empty. */
	public synchronized void restart() {
		if (!this.processes.live().contains(this.port)) {
			this.processes.server(this.port);
		}
	}

	/** The outage: the server is gone at once, as after a crash, and with it all its data. */
	public synchronized void stop() {
		this.processes.kill(this.port);
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> !accepting());
	}

	/** A template over this server for the test's own reads (db 0 of this server). */
	public synchronized ReactiveStringRedisTemplate template() {
		if (this.connections == null) {
			this.connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", this.port));
			this.connections.afterPropertiesSet();
			this.connections.start();
		}
		return new ReactiveStringRedisTemplate(this.connections);
	}

	private boolean accepting() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	@Override
	public synchronized void close() {
		if (this.connections != null) {
			this.connections.destroy();
			this.connections = null;
		}
		this.processes.close();
	}

}
