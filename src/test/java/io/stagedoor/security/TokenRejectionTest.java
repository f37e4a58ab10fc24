package io.stagedoor.security;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import org.junit.jupiter.api.Test;

import io.stagedoor.support.Api.Response;
import io.stagedoor.support.Api.User;
import io.stagedoor.support.IntegrationTest;
import io.stagedoor.support.TestConcerts;

import org.springframework.beans.factory.annotation.Value;

import static org.assertj.core.api.Assertions.assertThat;

/** Every way a token can be wrong, and the 401 each one gets. */
class TokenRejectionTest extends IntegrationTest {

	@Value("${stagedoor.token.secret}")
	String secret;

	private static final String STATUS = "/api/v1/queue/status";

	@Test
	void noTokenIsTokenMissing() {
		Response none = this.api.get(STATUS, null);
		assertThat(none.status()).isEqualTo(401);
		assertThat(none.code()).isEqualTo("TOKEN_MISSING");
		assertThat(none.headers().getContentType().toString()).isEqualTo("application/problem+json");
	}

	@Test
	void forgedAndForeignTokensAreTokenInvalid() {
		User user = this.api.activeUser(this.concerts.create().id());
		String[] parts = user.token().split("\\.");
		String otherUser = "{\"sub\":\"" + UUID.randomUUID() + "\"," + new String(Base64.getUrlDecoder().decode(parts[1]),
				StandardCharsets.UTF_8).substring(1).replaceFirst("\"sub\":\"[^\"]+\",", "");
		String tampered = parts[0] + "." + b64(otherUser) + "." + parts[2];
		String algNone = b64("{\"alg\":\"none\"}") + "." + parts[1] + ".";
		String otherKey = Jwts.builder()
			.subject(user.id().toString())
			.id("x")
			.claim("cid", 1)
			.claim("seq", 1)
			.expiration(Date.from(Instant.now().plusSeconds(600)))
			.signWith(Keys.hmacShaKeyFor("another-key-another-key-another-key!".getBytes(StandardCharsets.UTF_8)))
			.compact();
		String otherAlgorithm = Jwts.builder()
			.subject(user.id().toString())
			.id("x")
			.claim("cid", 1)
			.claim("seq", 1)
			.expiration(Date.from(Instant.now().plusSeconds(600)))
			.signWith(Keys.hmacShaKeyFor((this.secret + this.secret).getBytes(StandardCharsets.UTF_8)), Jwts.SIG.HS512)
			.compact();
		for (String token : List.of(tampered, algNone, otherKey, otherAlgorithm, "not-a-jwt", "a.b.c")) {
			Response answer = this.api.get(STATUS, token);
			assertThat(answer.status()).as(token).isEqualTo(401);
			assertThat(answer.code()).as(token).isEqualTo("TOKEN_INVALID");
		}
	}

	@Test
	void aTokenPastItsExpiryIsTokenExpired() {
		String expired = Jwts.builder()
			.subject(UUID.randomUUID().toString())
			.id("x")
			.claim("cid", 1)
			.claim("seq", 1)
			.issuedAt(Date.from(Instant.now().minusSeconds(7200)))
			.expiration(Date.from(Instant.now().minusSeconds(3600)))
			.signWith(Keys.hmacShaKeyFor(this.secret.getBytes(StandardCharsets.UTF_8)), Jwts.SIG.HS256)
			.compact();
		assertThat(this.api.get(STATUS, expired).code()).isEqualTo("TOKEN_EXPIRED");
	}

	@Test
	void leftAndSpentTokensAreTokenExpired() {
		TestConcerts.Concert concert = this.concerts.create();
		User leaver = this.api.activeUser(concert.id());
		this.api.delete("/api/v1/queue/tokens/me", leaver.token());
		assertThat(this.api.get(STATUS, leaver.token()).code()).isEqualTo("TOKEN_EXPIRED");
		assertThat(this.api.delete("/api/v1/queue/tokens/me", leaver.token()).code()).isEqualTo("TOKEN_EXPIRED");

		User payer = this.api.activeUser(concert.id());
		String reservationId = this.api.hold(payer, concert.id(), concert.date(), 1).field("reservationId");
		this.api.charge(payer, TestConcerts.price(1));
		assertThat(this.api.post("/api/v1/payments", payer.token(), Map.of("reservationIds", List.of(reservationId)))
			.status()).isEqualTo(201);
		for (Response answer : List.of(this.api.get(STATUS, payer.token()),
				this.api.get("/api/v1/concerts/" + concert.id() + "/dates", payer.token()),
				this.api.hold(payer, concert.id(), concert.date(), 2))) {
			assertThat(answer.status()).isEqualTo(401);
			assertThat(answer.code()).isEqualTo("TOKEN_EXPIRED");
		}
	}

	@Test
	void aTokenOfAnotherConcertOrUserIsForbidden() {
		TestConcerts.Concert mine = this.concerts.create();
		TestConcerts.Concert other = this.concerts.create();
		User user = this.api.activeUser(mine.id());
		User stranger = this.api.activeUser(mine.id());
		assertThat(this.api.get("/api/v1/concerts/" + other.id() + "/dates", user.token()).code()).isEqualTo("FORBIDDEN");
		assertThat(this.api.hold(user, other.id(), other.date(), 1).code()).isEqualTo("FORBIDDEN");
		String held = this.api.hold(stranger, mine.id(), mine.date(), 1).field("reservationId");
		assertThat(this.api.get("/api/v1/reservations/" + held, user.token()).code()).isEqualTo("FORBIDDEN");
		assertThat(this.api.delete("/api/v1/reservations/" + held, user.token()).code()).isEqualTo("FORBIDDEN");
		assertThat(this.api.get("/api/v1/users/" + stranger.id() + "/balance", user.token()).code()).isEqualTo("FORBIDDEN");
		assertThat(this.api.get("/api/v1/users/" + stranger.id() + "/reservations", user.token()).code())
			.isEqualTo("FORBIDDEN");
		assertThat(this.api.post("/api/v1/payments", user.token(), Map.of("reservationIds", List.of(held))).code())
			.isEqualTo("FORBIDDEN");
	}

	private static String b64(String json) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

}
