package io.stagedoor.security;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.stagedoor.support.Api.Response;
import io.stagedoor.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/** Signed entry off (no {@code stagedoor.entry.secret}): issuance as before, and an entry is ignored. */
class UnsignedEntryTest extends IntegrationTest {

	@Test
	void withoutTheSecretAnEntryIsIgnored() {
		long concert = this.concerts.create().id();
		UUID user = UUID.randomUUID();

		Response plain = this.api.enter(user, concert);
		assertThat(plain.status()).isEqualTo(201);
		Response withJunk = this.api.post("/api/v1/queue/tokens", null, Map.of("userId", user.toString(), "concertId",
				concert, "entry", Map.of("issuedAt", 1, "nonce", "not|checked", "signature", "nonsense")));
		assertThat(withJunk.status()).as(withJunk.text()).isEqualTo(200);
		assertThat(withJunk.field("token")).isNotBlank();
	}

}
