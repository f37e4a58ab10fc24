package io.stagedoor.security;

import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.stagedoor.support.Requirements;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's seller-side examples sign as the service verifies, and a weak secret stops start-up. */
class SellerExamplesTest {

	// not ASCII on purpose: every side must take the secret's UTF-8 bytes
	private static final String SECRET = "판매자-사이트-비밀-0123456789abcdef-ü";

	private final SignedEntries service = new SignedEntries(
			new EntryProperties(SECRET, java.time.Duration.ofSeconds(60), java.time.Duration.ofSeconds(10), java.util.List.of()),
			Clock.systemUTC(), null);

	@Test
	void theJavaExampleSignsWhatTheServiceExpects() {
		String user = UUID.randomUUID().toString();
		long issuedAt = Instant.now().getEpochSecond();
		JsonNode entry = SellerExamples.javaEntry(SECRET, user, 42, issuedAt, "n-1");

		assertThat(entry.get("issuedAt").asLong()).isEqualTo(issuedAt);
		assertThat(entry.get("nonce").asString()).isEqualTo("n-1");
		assertThat(entry.get("signature").asString()).isEqualTo(expected(user, 42, issuedAt, "n-1"))
			.isNotEqualTo(expected(user, 43, issuedAt, "n-1"));
	}

	@Test
	void theJavaExampleSignsANewEntryEachTime() {
		String user = UUID.randomUUID().toString();
		JsonNode first = SellerExamples.javaEntry(SECRET, user, 7);
		JsonNode second = SellerExamples.javaEntry(SECRET, user, 7);

		assertThat(first.get("issuedAt").asLong()).isCloseTo(Instant.now().getEpochSecond(),
				org.assertj.core.data.Offset.offset(5L));
		assertThat(second.get("signature").asString()).isNotEqualTo(first.get("signature").asString());
		assertThat(second.get("signature").asString()).isEqualTo(expected(user, 7, second.get("issuedAt").asLong(),
				second.get("nonce").asString()));
	}

	@Test
	void bothJavaScriptExamplesSignAsTheJavaOne() throws Exception {
		Requirements.require(SellerExamples.nodeInstalled(), "node (Debian package nodejs)");
		String user = UUID.randomUUID().toString();
		long issuedAt = Instant.now().getEpochSecond();
		String call = "'" + SECRET + "', '" + user + "', 42, " + issuedAt + ", 'n-1'";
		JsonNode js = SellerExamples.runJavaScript("import { signEntry, signEntryWebCrypto } from './entry.mjs';\n"
				+ "const fresh = signEntry('" + SECRET + "', '" + user + "', 42);\n"
				+ "console.log(JSON.stringify({ node: signEntry(" + call + "), web: await signEntryWebCrypto(" + call
				+ "), fresh }));\n");

		String java = SellerExamples.javaEntry(SECRET, user, 42, issuedAt, "n-1").get("signature").asString();
		assertThat(js.get("node").get("signature").asString()).isEqualTo(java);
		assertThat(js.get("web").get("signature").asString()).isEqualTo(java);
		assertThat(js.get("node").get("issuedAt").asLong()).isEqualTo(issuedAt);
		JsonNode fresh = js.get("fresh");
		assertThat(fresh.get("signature").asString()).isEqualTo(
				expected(user, 42, fresh.get("issuedAt").asLong(), fresh.get("nonce").asString()));
	}

	@Test
	void aSecretShorterThan32BytesStopsStartUp() {
		ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Properties.class);
		runner.withPropertyValues("stagedoor.entry.secret=only-31-bytes-0123456789abcdefg")
			.run(context -> assertThat(context).hasFailed());
		runner.withPropertyValues("stagedoor.entry.secret=")
			.run(context -> assertThat(context).as("an empty secret is not 'off'").hasFailed());
		runner.withPropertyValues("stagedoor.entry.secret=exactly-32-bytes-0123456789abcde")
			.run(context -> assertThat(context.getBean(EntryProperties.class).required()).isTrue());
		runner.run(context -> assertThat(context.getBean(EntryProperties.class).required()).isFalse());
	}

	private String expected(String user, long concertId, long issuedAt, String nonce) {
		return HexFormat.of().formatHex(this.service.sign(SignedEntries.canonical(user, concertId, issuedAt, nonce)));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(EntryProperties.class)
	static class Properties {

	}

}
