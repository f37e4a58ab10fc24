package io.stagedoor.support;

import java.util.LinkedHashMap;
import java.util.Map;

import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactoryOptions;

import org.springframework.core.env.Environment;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * A database of a test's own on the suite's MariaDB server, emptied first: for applications in
 * child JVMs, whose sweepers and settlers must not meet the suite's context on the same rows.
 */
public final class SideDatabase {

	private final String url;

	private final String username;

	private final String password;

	private final DatabaseClient client;

	private SideDatabase(String url, String username, String password) {
		this.url = url;
		this.username = username;
		this.password = password;
		ConnectionFactoryOptions.Builder options = ConnectionFactoryOptions.parse(url).mutate();
		if (username != null) {
			options.option(ConnectionFactoryOptions.USER, username);
		}
		if (password != null) {
			options.option(ConnectionFactoryOptions.PASSWORD, password);
		}
		this.client = DatabaseClient.create(ConnectionFactories.get(options.build()));
	}

	/**
	 * Drops and creates {@code <the suite's database>_<suffix>} with the suite's connection, which
	 * may create databases (root on the local server and on the embedded one).
	 */
	public static SideDatabase create(Environment env, DatabaseClient suite, String suffix) {
		String suiteUrl = env.getRequiredProperty("spring.r2dbc.url");
		String name = databaseOf(suiteUrl) + "_" + suffix;
		suite.sql("DROP DATABASE IF EXISTS " + name).then().block();
		suite.sql("CREATE DATABASE " + name + " CHARACTER SET utf8mb4").then().block();
		String url = suiteUrl.replaceFirst("^(r2dbcs?:[^/]*//[^/]+/)([^?]*)", "$1" + name);
		return new SideDatabase(url, env.getProperty("spring.r2dbc.username"), env.getProperty("spring.r2dbc.password"));
	}

	private static String databaseOf(String url) {
		String afterHost = url.replaceFirst("^r2dbcs?:[^/]*//[^/]+/", "");
		int query = afterHost.indexOf('?');
		return query < 0 ? afterHost : afterHost.substring(0, query);
	}

	/** The settings that point an application at this database. */
	public Map<String, String> settings() {
		Map<String, String> settings = new LinkedHashMap<>();
		settings.put("spring.r2dbc.url", this.url);
		if (this.username != null) {
			settings.put("spring.r2dbc.username", this.username);
		}
		if (this.password != null) {
			settings.put("spring.r2dbc.password", this.password);
		}
		return settings;
	}

	public DatabaseClient client() {
		return this.client;
	}

}
