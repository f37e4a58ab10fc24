package io.stagedoor.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

	private static final Pattern REQUIRES = Pattern.compile("--\\s*requires:\\s*(.+?)\\s*");

	private LuaScripts() {
	}

	/**
	 * A script under {@code classpath:redis/} that answers with an array, with the preludes it
	 * requires in front of it (and any given here, such as {@code gate.lua}).
	 */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public static RedisScript<List<Object>> listScript(String name, String... preludes) {
		return new Script(text(name, preludes), (Class) List.class);
	}

	/** A script under {@code classpath:redis/} that answers with an integer. */
	public static RedisScript<Long> longScript(String name) {
		return new Script<>(text(name), Long.class);
	}

	/**
	 * The text sent to Redis for a script: the shared clock ({@code clock.lua}), then each prelude the
	 * script requires, then the script. Lua scripts cannot include one another, so a script names the
	 * function libraries it uses on a header line {@code -- requires: entry.lua, bucket.lua} (a prelude
	 * may require others; each comes once, before what requires it), and the whole stays one
	 * {@code EVAL}: one atomic step over the keys it declares. Read once, when the script's constant is
	 * made: a resource read lazily would block an event-loop thread.
	 */
	private static String text(String name, String... preludes) {
		Set<String> order = new LinkedHashSet<>();
		order.add("clock.lua");
		for (String prelude : preludes) {
			addWithRequirements(prelude, order, new LinkedHashSet<>());
		}
		addWithRequirements(name, order, new LinkedHashSet<>());
		StringBuilder text = new StringBuilder();
		for (String part : order) {
			text.append(read(part)).append('\n');
		}
		return text.toString();
	}

	private static void addWithRequirements(String name, Set<String> order, Set<String> visiting) {
		if (order.contains(name)) {
			return;
		}
		if (!visiting.add(name)) {
			throw new IllegalStateException("Lua preludes require each other in a circle: " + visiting);
		}
		for (String required : requirements(read(name))) {
			addWithRequirements(required, order, visiting);
		}
		order.add(name);
	}

	/** The preludes named on a script's {@code -- requires:} lines, within its leading comment. */
	static List<String> requirements(String script) {
		List<String> required = new ArrayList<>();
		for (String line : script.split("\n")) {
			if (!line.startsWith("--")) {
				break;
			}
			Matcher requires = REQUIRES.matcher(line);
			if (requires.matches()) {
				for (String prelude : requires.group(1).split(",")) {
					required.add(prelude.trim());
				}
			}
		}
		return required;
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
