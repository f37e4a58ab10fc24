package io.stagedoor.embedded;

/**
 * The suite's embedded servers for tests that start no application: the same ones, started at most
 * once per JVM, that the application's tests get when no servers are given.
 */
public final class SuiteServers {

	private SuiteServers() {
	}

	/** The embedded Redis's URL, starting it on first use. */
	public static String embeddedRedisUrl() {
		return "redis://127.0.0.1:" + EmbeddedServers.redis();
	}

}
