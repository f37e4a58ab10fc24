package io.stagedoor.admin;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code stagedoor.admin.*}: the operators' credential.
 *
 * @param key the admin API's key, sent as {@code X-Admin-Key}; unset turns the admin API off (every
 * call answers 401). At least 16 characters. Never the queue token's secret.
 */
@ConfigurationProperties("stagedoor.admin")
record AdminProperties(String key) {

	static final int SHORTEST_KEY = 16;

	public AdminProperties {
		if (key != null && !key.isBlank() && key.length() < SHORTEST_KEY) {
			throw new IllegalArgumentException("stagedoor.admin.key must be at least " + SHORTEST_KEY + " characters");
		}
	}

	boolean enabled() {
		return this.key != null && !this.key.isBlank();
	}

}
