package io.stagedoor.admin;

import java.util.List;
import java.util.stream.Stream;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code stagedoor.admin.*}: the operators' credential.
 *
 * @param key the admin API's key, sent as {@code X-Admin-Key}; unset turns the admin API off (every
 * call answers 401). At least 16 characters. Never the queue token's secret.
 * @param previousKeys keys that stay valid beside {@code key} while operators and their tools move
 * to it (README "Rotating keys"); each at least 16 characters
 */
@ConfigurationProperties("stagedoor.admin")
record AdminProperties(String key, @DefaultValue List<String> previousKeys) {

	static final int SHORTEST_KEY = 16;

	public AdminProperties {
		if (key != null && !key.isBlank() && key.length() < SHORTEST_KEY) {
			throw new IllegalArgumentException("stagedoor.admin.key must be at least " + SHORTEST_KEY + " characters");
		}
		previousKeys = (previousKeys != null) ? previousKeys.stream().filter(k -> k != null && !k.isBlank()).toList()
				: List.of();
		if (previousKeys.stream().anyMatch(k -> k.length() < SHORTEST_KEY)) {
			throw new IllegalArgumentException(
					"stagedoor.admin.previous-keys: each at least " + SHORTEST_KEY + " characters");
		}
		if (!previousKeys.isEmpty() && (key == null || key.isBlank())) {
			throw new IllegalArgumentException("stagedoor.admin.previous-keys needs stagedoor.admin.key");
		}
	}

	/** Every key that is let in: the current one and the previous ones. */
	List<String> validKeys() {
		return enabled() ? Stream.concat(Stream.of(this.key), this.previousKeys.stream()).toList()
				: List.of();
	}

	@Override
	public String toString() {
		return "AdminProperties[enabled=" + enabled() + ", previousKeys=" + this.previousKeys.size() + "]";
	}

	boolean enabled() {
		return this.key != null && !this.key.isBlank();
	}

}
