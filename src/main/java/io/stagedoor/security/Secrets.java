package io.stagedoor.security;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** The checks every list of previous (rotated-out) keys gets. */
final class Secrets {

	private Secrets() {
	}

	/** The list without blanks (an empty environment variable), each at least {@code shortest} bytes. */
	static List<String> previous(String property, List<String> secrets, int shortest) {
		List<String> kept = (secrets != null) ? secrets.stream().filter(s -> s != null && !s.isBlank()).toList() : List.of();
		for (String secret : kept) {
			if (secret.getBytes(StandardCharsets.UTF_8).length < shortest) {
				throw new IllegalArgumentException(property + ": each at least " + shortest + " bytes");
			}
		}
		return kept;
	}

}
