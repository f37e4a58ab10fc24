package io.stagedoor.support;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterEach;

import io.stagedoor.embedded.SuiteServers;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.util.StringUtils;

/**
 * A Lua script against the suite's real Redis, without the application: the script's text comes from
 * {@link LuaScripts} as the application loads it (with its preludes), and time is the {@code now}
 * argument, so a test moves the clock instead of waiting for it. Each test works on a concert id of
 * its own and the keys its scripts were given are deleted after it.
 */
public abstract class ScriptTest {

	private static ReactiveStringRedisTemplate shared;

	protected final ReactiveStringRedisTemplate redis = template();

	private final List<String> used = new ArrayList<>();

	/** A concert id no other test (and no database row) uses. */
	protected static long freshConcert() {
		return 800_000_000L + ThreadLocalRandom.current().nextLong(100_000_000L);
	}

	/** Runs an array script; its keys are deleted after the test. */
	protected List<Object> run(RedisScript<List<Object>> script, List<String> keys, Object... args) {
		this.used.addAll(keys);
		return LuaScripts.run(this.redis, script, keys, args).block();
	}

	/** Runs an integer script; its keys are deleted after the test. */
	protected long runLong(RedisScript<Long> script, List<String> keys, Object... args) {
		this.used.addAll(keys);
		return LuaScripts.runLong(this.redis, script, keys, args).block();
	}

	/** A key the test writes or reads itself, deleted after the test. */
	protected String key(String key) {
		this.used.add(key);
		return key;
	}

	/** The key's time to live in ms (PTTL): -2 when gone, -1 when it has none. */
	protected long pttl(String key) {
		ByteBuffer raw = ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8));
		return this.redis.execute(connection -> connection.keyCommands().pTtl(raw)).next().block();
	}

	protected static long longAt(List<Object> reply, int index) {
		return LuaScripts.longAt(reply, index);
	}

	@AfterEach
	void deleteUsedKeys() {
		if (!this.used.isEmpty()) {
			this.redis.delete(this.used.toArray(String[]::new)).block();
		}
	}

	// the suite's Redis as the application's tests get it: SPRING_DATA_REDIS_URL (or the property),
	// else the embedded one; one connection for the whole run, as the scripts are cheap
	private static synchronized ReactiveStringRedisTemplate template() {
		if (shared == null) {
			String url = System.getProperty("spring.data.redis.url", System.getenv("SPRING_DATA_REDIS_URL"));
			if (!StringUtils.hasText(url)) {
				url = SuiteServers.embeddedRedisUrl();
			}
			LettuceConnectionFactory connections = new LettuceConnectionFactory(
					LettuceConnectionFactory.createRedisConfiguration(url));
			connections.afterPropertiesSet();
			connections.start();
			Runtime.getRuntime().addShutdownHook(new Thread(connections::destroy, "script-test-redis-close"));
			shared = new ReactiveStringRedisTemplate(connections);
		}
		return shared;
	}

}
