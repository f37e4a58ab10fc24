package io.stagedoor.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import javax.crypto.Mac;

import reactor.core.publisher.Mono;

import io.stagedoor.web.RejectedException;
import io.stagedoor.web.Rejection;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Component;

/**
 * Known-user integration: with {@code stagedoor.entry.secret} set, a queue token is issued only
 * for an entry the seller's site signed, within {@code max-age} of its signing, once. Anything else
 * is {@code 403 ENTRY_INVALID} with a {@code reason}: {@code missing}, {@code malformed},
 * {@code signature}, {@code expired}, {@code future} or {@code used}. Without the secret every
 * entry passes and a given one is ignored.
 * <p>
 * "Once" is Redis's answer: the first use of a signature is {@code SET NX PX} under the concert's
 * hash tag, and its reply decides; a second use, even a client's retry of the same request, is
 * refused, so the seller's site signs a fresh entry for each attempt. The key outlives every moment
 * at which the entry could still pass. Policy when Redis cannot answer: refuse with the usual 503,
 * never let an entry through unremembered.
 */
@NamedInterface("signing")
@Component
public class SignedEntries {

	static final String VERSION = "v1";

	private static final String HMAC = "HmacSHA256";

	private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

	private static final HexFormat HEX = HexFormat.of();

	/** The latest {@code issuedAt} whose milliseconds a long still holds: anything later is malformed. */
	private static final long LATEST_SECOND = Long.MAX_VALUE / 1000 - 1;

	private final EntryProperties properties;

	private final Clock clock;

	private final ReactiveStringRedisTemplate redis;

	private final Mac prototype;

	/** The previous secrets' MACs: entries the seller's site still signs with them pass too. */
	private final List<Mac> previous;

	SignedEntries(EntryProperties properties, Clock clock, ReactiveStringRedisTemplate redis) {
		this.properties = properties;
		this.clock = clock;
		this.redis = redis;
		// made and used once here, at start-up: the provider lookup loads classes, which would block
		// an event-loop thread on the first request
		this.prototype = properties.required() ? mac(properties.secret()) : null;
		this.previous = properties.previousSecrets().stream().map(SignedEntries::mac).toList();
		if (this.prototype != null) {
			sign("warm-up");
		}
	}

	/** The one Redis key of a used entry, in its concert's slot. */
	static String usedKey(long concertId, byte[] signature) {
		return "entry:{" + concertId + "}:" + HEX.formatHex(signature);
	}

	/** The string the seller's site signs; the user id exactly as it is sent in the body. */
	static String canonical(String userId, long concertId, long issuedAt, String nonce) {
		return VERSION + "|" + userId + "|" + concertId + "|" + issuedAt + "|" + nonce;
	}

	/**
	 * Completes empty when this entry may take a token for this user and concert, and marks it used;
	 * fails with {@code ENTRY_INVALID} otherwise. Checked when subscribed to.
	 */
	public Mono<Void> admit(String userId, long concertId, SignedEntry entry) {
		if (this.prototype == null) {
			return Mono.empty();
		}
		return Mono.defer(() -> {
			byte[] signature = verified(userId, concertId, entry);
			return this.redis.opsForValue()
				.setIfAbsent(usedKey(concertId, signature), "1", remembered())
				.flatMap(first -> Boolean.TRUE.equals(first) ? Mono.<Void>empty()
						: Mono.error(refused("used", "this entry was already used; the seller's site signs a fresh "
								+ "one for each attempt")));
		});
	}

	/** The signature's bytes, once the entry is well formed, genuine and timely. */
	private byte[] verified(String userId, long concertId, SignedEntry entry) {
		if (entry == null) {
			throw refused("missing", "this line takes only entries signed by the seller's site: enter through the "
					+ "seller's site");
		}
		byte[] given = signatureBytes(entry);
		if (given == null || entry.issuedAt() == null || entry.issuedAt() < 0 || entry.issuedAt() > LATEST_SECOND
				|| entry.nonce() == null || !NONCE.matcher(entry.nonce()).matches()) {
			throw refused("malformed", "the entry needs issuedAt (epoch seconds), nonce (1 to 64 of A-Z a-z 0-9 _ -) "
					+ "and signature (HMAC-SHA256 in hex, 64 digits)");
		}
		if (!signedWithAnyKey(canonical(userId, concertId, entry.issuedAt(), entry.nonce()), given)) {
			throw refused("signature", "the entry's signature does not match its user, concert, issuedAt and nonce");
		}
		long now = this.clock.millis();
		long issuedAt = entry.issuedAt() * 1000;
		if (issuedAt < now - this.properties.maxAge().toMillis()) {
			throw refused("expired", "the entry is older than " + this.properties.maxAge().toSeconds()
					+ "s; the seller's site signs a fresh one");
		}
		if (issuedAt > now + this.properties.clockSkew().toMillis()) {
			throw refused("future", "the entry's issuedAt is ahead of this service's clock by more than "
					+ this.properties.clockSkew().toSeconds() + "s");
		}
		return given;
	}

	private static byte[] signatureBytes(SignedEntry entry) {
		String signature = entry.signature();
		if (signature == null || signature.length() != 64) {
			return null;
		}
		try {
			return HEX.parseHex(signature);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/**
	 * How long a used entry is remembered: it passes until {@code issuedAt + max-age} on a clock
	 * that may read up to {@code clock-skew} behind, and was signed up to {@code clock-skew} ahead of
	 * ours; one second more for {@code issuedAt}'s rounding down.
	 */
	private Duration remembered() {
		return this.properties.maxAge().plus(this.properties.clockSkew().multipliedBy(2)).plusSeconds(1);
	}

	/** Compared with every key, the current one and each previous one, in constant time each. */
	private boolean signedWithAnyKey(String canonical, byte[] given) {
		boolean matched = MessageDigest.isEqual(Secrets.hmac(this.prototype, canonical), given);
		for (Mac mac : this.previous) {
			matched |= MessageDigest.isEqual(Secrets.hmac(mac, canonical), given);
		}
		return matched;
	}

	byte[] sign(String canonical) {
		return Secrets.hmac(this.prototype, canonical);
	}

	private static Mac mac(String secret) {
		return Secrets.hmacPrototype(secret.getBytes(StandardCharsets.UTF_8));
	}

	private static RejectedException refused(String reason, String detail) {
		return new RejectedException(Rejection.ENTRY_INVALID, detail, Map.of("reason", reason), null);
	}

}
