package io.stagedoor.security;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.SecretKey;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.jackson.io.JacksonDeserializer;
import io.jsonwebtoken.jackson.io.JacksonSerializer;
import io.jsonwebtoken.security.Keys;
import io.jsonwebtoken.security.SignatureException;

import io.stagedoor.web.RejectedException;
import io.stagedoor.web.Rejection;

import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Component;

/**
 * Signs and verifies queue tokens: HS256 only, whatever the header asks for. A token signed with
 * another algorithm (even with the same key), unsigned ({@code alg: none}), tampered with or signed
 * with another key is {@code TOKEN_INVALID}; one past its {@code exp} is {@code TOKEN_EXPIRED}. New
 * tokens are signed with {@code stagedoor.token.secret}; tokens signed with one of
 * {@code previous-secrets} are verified with it, so rotating the secret logs nobody out.
 * <p>
 * A token string verified once is remembered for a short while ({@link #REMEMBERED_FOR}, at most
 * {@link #REMEMBERED} strings), so a client polling every second is not parsed and HMAC-checked on
 * every poll. Only strings that passed verification are remembered, keyed by the whole string (a
 * changed byte is another key), and the remembered {@code exp} is checked against the clock on
 * every use: a remembered token is refused exactly when a fresh verification would refuse it.
 */
@NamedInterface("signing")
@Component
public class QueueTokens {

	static final String CONCERT = "cid";

	static final String ARRIVAL = "seq";

	private static final String HS256 = "HS256";

	/** Most token strings remembered as verified: about 0.6 KiB each. */
	static final int REMEMBERED = 50_000;

	/** How long a verified token string is remembered. */
	static final Duration REMEMBERED_FOR = Duration.ofMinutes(1);

	private final Cache<String, Verified> verified = Caffeine.newBuilder()
		.maximumSize(REMEMBERED)
		.expireAfterWrite(REMEMBERED_FOR)
		.build();

	private final SecretKey key;

	private final JwtParser parser;

	/** Verifiers for the previous secrets: their tokens stay valid until {@code exp}. */
	private final List<JwtParser> previous;

	private final TokenProperties properties;

	private final Clock clock;

	/** Keyed with the current secret: copied for each pre-queue draw ({@link #draw}). */
	private final Mac drawMac;

	QueueTokens(TokenProperties properties, Clock clock) {
		this.properties = properties;
		this.clock = clock;
		this.key = Keys.hmacShaKeyFor(properties.secret().getBytes(StandardCharsets.UTF_8));
		this.parser = parser(this.key, clock);
		this.previous = properties.previousSecrets().stream()
			.map(secret -> parser(Keys.hmacShaKeyFor(secret.getBytes(StandardCharsets.UTF_8)), clock))
			.toList();
		this.drawMac = drawMac(this.key);
		draw("warm-up");
		// jjwt finds some of its parts lazily on first use (class loading, service files): do that
		// here at start-up rather than on an event-loop thread
		verify(issue(new UUID(0, 0), 0, 0, "warm-up"));
	}

	private static JwtParser parser(SecretKey key, Clock clock) {
		return Jwts.parser().json(new JacksonDeserializer<>()).verifyWith(key).clock(() -> Date.from(clock.instant())).build();
	}

	public String issue(UUID userId, long concertId, long arrival, String tokenId) {
		Instant now = this.clock.instant();
		return Jwts.builder()
			.json(new JacksonSerializer<>())
			.subject(userId.toString())
			.id(tokenId)
			.claim(CONCERT, concertId)
			.claim(ARRIVAL, arrival)
			.issuedAt(Date.from(now))
			.expiration(Date.from(now.plus(this.properties.lifetime())))
			.signWith(this.key, Jwts.SIG.HS256)
			.compact();
	}

	/** How long a token verifies after issuance ({@code exp}): no token names an entry for longer. */
	public Duration lifetime() {
		return this.properties.lifetime();
	}

	/**
	 * A pre-queue entry's draw score for its token id: a number in (0, 1) from HMAC-SHA256 under the
	 * token secret, so it is as unpredictable as a random draw (the token id is random and the key
	 * secret: nobody learns a place from the token), yet can be worked out again from the token alone
	 * when Redis lost the entry. Tokens of an entry made under a previous secret get another draw.
	 */
	public double draw(String tokenId) {
		byte[] digest = Secrets.hmac(this.drawMac, "draw|" + tokenId);
		long bits = 0;
		for (int i = 0; i < 8; i++) {
			bits = (bits << 8) | (digest[i] & 0xff);
		}
		return ((bits >>> 11) + 1) / 9007199254740994.0;
	}

	private static Mac drawMac(SecretKey key) {
		return Secrets.hmacPrototype(key.getEncoded());
	}

	/** The verified token, or a {@link RejectedException} saying why not. */
	public QueueToken verify(String token) {
		Verified known = this.verified.getIfPresent(token);
		if (known == null) {
			known = parse(token);
			this.verified.put(token, known);
		}
		// as jjwt decides (no clock skew allowed): expired once the clock is past exp
		if (known.expires() != null && this.clock.instant().isAfter(known.expires())) {
			throw expired();
		}
		return known.token();
	}

	private Verified parse(String token) {
		Jws<Claims> jws;
		try {
			jws = parseWithAnyKey(token);
		}
		catch (ExpiredJwtException ex) {
			throw expired();
		}
		catch (JwtException | IllegalArgumentException ex) {
			throw invalid();
		}
		if (!HS256.equals(jws.getHeader().getAlgorithm())) {
			throw invalid();
		}
		Claims claims = jws.getPayload();
		try {
			UUID userId = UUID.fromString(claims.getSubject());
			Number concert = claims.get(CONCERT, Number.class);
			Number arrival = claims.get(ARRIVAL, Number.class);
			if (concert == null || arrival == null || claims.getId() == null) {
				throw invalid();
			}
			Date expiration = claims.getExpiration();
			return new Verified(new QueueToken(userId, concert.longValue(), arrival.longValue(), claims.getId(), token),
					(expiration != null) ? expiration.toInstant() : null);
		}
		catch (RuntimeException ex) {
			throw (ex instanceof RejectedException rejected) ? rejected : invalid();
		}
	}

	/** With the current secret, else with each previous one: only a signature mismatch tries the next. */
	private Jws<Claims> parseWithAnyKey(String token) {
		try {
			return this.parser.parseSignedClaims(token);
		}
		catch (SignatureException mismatch) {
			for (JwtParser previous : this.previous) {
				try {
					return previous.parseSignedClaims(token);
				}
				catch (SignatureException ex) {
					// not this one either
				}
			}
			throw mismatch;
		}
	}

	private static RejectedException expired() {
		return new RejectedException(Rejection.TOKEN_EXPIRED, "the queue token has expired; take a new one");
	}

	private static RejectedException invalid() {
		return new RejectedException(Rejection.TOKEN_INVALID, "the queue token is not one this service signed");
	}

	/** A token that passed verification, and its {@code exp} ({@code null}: none). */
	private record Verified(QueueToken token, Instant expires) {
	}

}
