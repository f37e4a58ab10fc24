package io.stagedoor.support;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * Random UUIDs (version 4) for ids and token ids, safe on an event-loop thread.
 * {@code RandomIds.uuid()} uses the platform's NativePRNG, which reads {@code /dev/urandom} on
 * every call: a blocking read. A DRBG seeded once from it when this class loads gives the same
 * unpredictability without touching a file afterwards.
 */
public final class RandomIds {

	private static final SecureRandom RANDOM = create();

	private RandomIds() {
	}

	public static UUID uuid() {
		byte[] bytes = new byte[16];
		RANDOM.nextBytes(bytes);
		bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40);
		bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80);
		long msb = 0;
		long lsb = 0;
		for (int i = 0; i < 8; i++) {
			msb = (msb << 8) | (bytes[i] & 0xff);
			lsb = (lsb << 8) | (bytes[i + 8] & 0xff);
		}
		return new UUID(msb, lsb);
	}

	/**
	 * A secret random number in (0, 1) with 53 random bits: a pre-queue entry's key. Sorting by such
	 * keys orders the pre-queue uniformly at random (a shuffle), and no two keys meet in practice.
	 */
	public static double fraction() {
		long bits = RANDOM.nextLong() >>> 11;
		return (bits + 1) / 9007199254740994.0;
	}

	private static SecureRandom create() {
		try {
			SecureRandom random = SecureRandom.getInstance("DRBG");
			random.nextBytes(new byte[16]);
			return random;
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("no DRBG SecureRandom in this JVM", ex);
		}
	}

}
