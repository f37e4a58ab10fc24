package io.stagedoor.security;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.stagedoor.support.Api.Response;
import io.stagedoor.support.IntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signed entry on: a token only for an entry the seller's site signed (with the README's Java
 * example), fresh and used once.
 */
@TestPropertySource(properties = "stagedoor.entry.secret=" + SignedEntryTest.SECRET)
class SignedEntryTest extends IntegrationTest {

	static final String SECRET = "seller-site-entry-secret-0123456789abcdef";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String TOKENS = "/api/v1/queue/tokens";

	@Autowired
	EntryProperties properties;

	@Test
	void aSignedEntryTakesAToken() {
		long concert = this.concerts.create().id();
		UUID user = UUID.randomUUID();

		Response entered = enter(user, concert, SellerExamples.javaEntry(SECRET, user.toString(), concert));

		assertThat(entered.status()).isEqualTo(201);
		assertThat(entered.field("userId")).isEqualTo(user.toString());
		assertThat(this.api.get("/api/v1/queue/status", entered.field("token")).status()).isEqualTo(200);
	}

	@Test
	void theSameEntryTwiceIsRefusedEvenAsARetry() {
		long concert = this.concerts.create().id();
		UUID user = UUID.randomUUID();
		JsonNode entry = SellerExamples.javaEntry(SECRET, user.toString(), concert);
		assertThat(enter(user, concert, entry).status()).isEqualTo(201);

		Response again = enter(user, concert, entry);
		assertRefused(again, "used");
		assertThat(again.field("token")).as("no token for a used entry").isNull();
		JsonNode shouted = JSON.createObjectNode()
			.put("issuedAt", entry.get("issuedAt").asLong())
			.put("nonce", entry.get("nonce").asString())
			.put("signature", entry.get("signature").asString().toUpperCase());
		assertRefused(enter(user, concert, shouted), "used");

		Response fresh = enter(user, concert, SellerExamples.javaEntry(SECRET, user.toString(), concert));
		assertThat(fresh.status()).as("a fresh entry gives the live place back").isEqualTo(200);
	}

	@Test
	void aUsedEntryIsRememberedForAsLongAsItCouldPass() {
		long concert = this.concerts.create().id();
		UUID user = UUID.randomUUID();
		JsonNode entry = SellerExamples.javaEntry(SECRET, user.toString(), concert);
		assertThat(enter(user, concert, entry).status()).isEqualTo(201);

		String key = SignedEntries.usedKey(concert, HexFormat.of().parseHex(entry.get("signature").asString()));
		Duration left = this.redis.getExpire(key).block();
		long passesFor = entry.get("issuedAt").asLong() * 1000 + this.properties.maxAge().toMillis()
				+ this.properties.clockSkew().toMillis() - System.currentTimeMillis();
		assertThat(left.toMillis()).isGreaterThanOrEqualTo(passesFor);
	}

	@Test
	void anEntrySignedForSomeoneElseLetsNobodyIn() {
		long concert = this.concerts.create().id();
		long other = this.concerts.create().id();
		UUID owner = UUID.randomUUID();
		UUID victim = UUID.randomUUID();
		JsonNode entry = SellerExamples.javaEntry(SECRET, owner.toString(), concert);

		assertRefused(enter(victim, concert, entry), "signature");
		assertRefused(enter(owner, other, entry), "signature");
		JsonNode later = JSON.createObjectNode()
			.put("issuedAt", entry.get("issuedAt").asLong() + 1)
			.put("nonce", entry.get("nonce").asString())
			.put("signature", entry.get("signature").asString());
		assertRefused(enter(owner, concert, later), "signature");
		JsonNode otherNonce = SellerExamples.javaEntry(SECRET, owner.toString(), concert,
				entry.get("issuedAt").asLong(), "another-nonce");
		assertRefused(enter(owner, concert, JSON.createObjectNode()
			.put("issuedAt", entry.get("issuedAt").asLong())
			.put("nonce", "another-nonce-2")
			.put("signature", otherNonce.get("signature").asString())), "signature");
		assertRefused(enter(owner, concert,
				SellerExamples.javaEntry("another-seller-secret-0123456789abcdef", owner.toString(), concert)),
				"signature");

		assertThat(enter(victim, concert, SellerExamples.javaEntry(SECRET, victim.toString(), concert)).status())
			.as("the refused attempt made the victim no entry").isEqualTo(201);
		assertThat(enter(owner, concert, entry).status()).as("refused tampering did not use the entry up")
			.isEqualTo(201);
	}

	@Test
	void anEntryPastItsMaxAgeOrFromTheFutureIsRefused() {
		long concert = this.concerts.create().id();
		UUID user = UUID.randomUUID();
		long now = Instant.now().getEpochSecond();

		long stale = now - this.properties.maxAge().toSeconds() - 2;
		assertRefused(enter(user, concert, SellerExamples.javaEntry(SECRET, user.toString(), concert, stale, "old")),
				"expired");
		long ahead = now + this.properties.clockSkew().toSeconds() + 5;
		assertRefused(enter(user, concert, SellerExamples.javaEntry(SECRET, user.toString(), concert, ahead, "early")),
				"future");
		long slightlyAhead = now + 1;
		assertThat(enter(user, concert,
				SellerExamples.javaEntry(SECRET, user.toString(), concert, slightlyAhead, "skewed")).status())
			.as("a seller clock a little fast is tolerated").isEqualTo(201);
	}

	@Test
	void noEntryOrAMalformedOneIsRefused() {
		long concert = this.concerts.create().id();
		UUID user = UUID.randomUUID();

		Response missing = this.api.enter(user, concert);
		assertRefused(missing, "missing");
		assertThat(missing.headers().getContentType().toString()).isEqualTo("application/problem+json");
		JsonNode good = SellerExamples.javaEntry(SECRET, user.toString(), concert);
		assertRefused(enter(user, concert, JSON.createObjectNode().put("nonce", "x")), "malformed");
		assertRefused(enter(user, concert, JSON.createObjectNode()
			.put("issuedAt", good.get("issuedAt").asLong())
			.put("nonce", "has|bar")
			.put("signature", good.get("signature").asString())), "malformed");
		assertRefused(enter(user, concert, JSON.createObjectNode()
			.put("issuedAt", good.get("issuedAt").asLong())
			.put("nonce", good.get("nonce").asString())
			.put("signature", "zz" + good.get("signature").asString().substring(2))), "malformed");
		assertRefused(enter(user, concert,
				SellerExamples.javaEntry(SECRET, user.toString(), concert, Long.MAX_VALUE, "far")), "malformed");
		assertThat(enter(user, concert, good).status()).isEqualTo(201);
	}

	@Test
	void twoHundredConcurrentUsesOfOneEntryLetExactlyOneIn() {
		long concert = this.concerts.create().id();
		UUID user = UUID.randomUUID();
		JsonNode entry = SellerExamples.javaEntry(SECRET, user.toString(), concert);
		Map<String, Object> body = Map.of("userId", user.toString(), "concertId", concert, "entry", entry);

		List<Response> answers = Flux.range(0, 200)
			.flatMap(i -> this.api.call(HttpMethod.POST, TOKENS, null, body, Map.of()), 200)
			.collectList()
			.block();

		assertThat(answers).filteredOn(r -> r.status() == 201).hasSize(1);
		assertThat(answers).filteredOn(r -> r.status() != 201).hasSize(199).allSatisfy(r -> assertRefused(r, "used"));
	}

	private Response enter(UUID user, long concert, JsonNode entry) {
		return this.api.post(TOKENS, null, Map.of("userId", user.toString(), "concertId", concert, "entry", entry));
	}

	private static void assertRefused(Response response, String reason) {
		assertThat(response.status()).as(response.text()).isEqualTo(403);
		assertThat(response.code()).isEqualTo("ENTRY_INVALID");
		assertThat(response.field("reason")).isEqualTo(reason);
		assertThat(response.field("detail")).isNotBlank();
	}

}
