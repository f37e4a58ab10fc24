package io.stagedoor.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.DigestUtils;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.util.StreamUtils;

/**
 * Loads the Lua scripts shipped under {@code redis/} and runs them. Redis caches a script by its
 * SHA, so a script is sent once per connection and later called by {@code EVALSHA}.
 */
public final class LuaScripts {

	private LuaScripts() {
	}

	/**
	 * A script under {@code classpath:redis/} that answers with an array, with the given preludes
	 * (function libraries under {@code redis/}, such as {@code gate.lua}) in front of it.
	 */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public static RedisScript<List<Object>> listScript(String name, String... preludes) {
		return new Script(text(name, preludes), (Class) List.class);
	}

	/** A script under {@code classpath:redis/} that answers with an integer. */
	public static RedisScript<Long> longScript(String name) {
		return new Script<>(text(name), Long.class);
	}

	// read once when the bean is made: a resource read lazily would block an event-loop thread;
	// every script gets the shared clock (clock.lua) in front, then its preludes, as Lua scripts
	// cannot include one another
	private static String text(String name, String... preludes) {
		StringBuilder text = new StringBuilder(read("clock.lua")).append('\n');
		for (String prelude : preludes) {
			text.append(read(prelude)).append('\n');
		}
		return text.append(read(name)).toString();
	}

	private static String read(String name) {
		try {
			return StreamUtils.copyToString(new ClassPathResource("redis/" + name).getInputStream(),
					StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("missing Lua script redis/" + name, ex);
		}
	}

	/** Runs an array script: its reply as one list of Longs and Strings. */
	public static Mono<List<Object>> run(ReactiveStringRedisTemplate redis, RedisScript<List<Object>> script,
			List<String> keys, Object... args) {
		return redis.execute(script, keys, stringArgs(args)).collectList().map(LuaScripts::flatten);
	}

	/** Runs an integer script. */
	public static Mono<Long> runLong(ReactiveStringRedisTemplate redis, RedisScript<Long> script, List<String> keys,
			Object... args) {
		return redis.execute(script, keys, stringArgs(args)).next();
	}

	private static List<Object> stringArgs(Object... args) {
		List<Object> strings = new ArrayList<>(args.length);
		for (Object arg : args) {
			strings.add(arg == null ? "" : arg.toString());
		}
		return strings;
	}

	private static List<Object> flatten(List<?> reply) {
		List<Object> flat = new ArrayList<>();
		for (Object item : reply) {
			if (item instanceof List<?> inner) {
				flat.addAll(inner);
			}
			else {
				flat.add(item);
			}
		}
		return flat;
	}

	public static long longAt(List<Object> reply, int index) {
		Object value = reply.get(index);
		return (value instanceof Number number) ? number.longValue() : Long.parseLong(value.toString());
	}

	public static String stringAt(List<Object> reply, int index) {
		return reply.get(index).toString();
	}

	/**
	 * A script with its SHA-1 worked out once. Spring's own {@code DefaultRedisScript} takes a lock on
	 * every {@code getSha1()}, which parks event-loop threads when many requests run scripts at once.
	 */
	private record Script<T>(String text, String sha1, Class<T> resultType) implements RedisScript<T> {

		Script(String text, Class<T> resultType) {
			this(text, DigestUtils.sha1DigestAsHex(text), resultType);
		}

		@Override
		public String getSha1() {
			return this.sha1;
		}

		@Override
		public Class<T> getResultType() {
			return this.resultType;
		}

		@Override
		public String getScriptAsString() {
			return this.text;
		}

	}

}
