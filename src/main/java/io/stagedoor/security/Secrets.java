package io.stagedoor.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The security package's keys: the checks every list of previous (rotated-out) keys gets, and
 * HMAC-SHA256 from a prototype keyed once at start-up and copied per use (the provider look-up
 * loads classes, which would block an event-loop thread).
 */
final class Secrets {

	private static final String HMAC = "HmacSHA256";

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

	/** A keyed HMAC-SHA256 to copy for each use ({@link #hmac}); made at start-up. */
	static Mac hmacPrototype(byte[] key) {
		try {
			Mac mac = Mac.getInstance(HMAC);
			mac.init(new SecretKeySpec(key, HMAC));
			return mac;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(HMAC + " is not available", ex);
		}
	}

	/** HMAC-SHA256 of a text's UTF-8 bytes, with a copy of the prototype (a Mac is not thread-safe). */
	static byte[] hmac(Mac prototype, String text) {
		try {
			Mac mac = (Mac) prototype.clone();
			return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (CloneNotSupportedException ex) {
			throw new IllegalStateException(HMAC + " cannot be cloned", ex);
		}
	}

}
