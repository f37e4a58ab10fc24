package io.stagedoor.security;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.stagedoor.support.Api;
import io.stagedoor.support.Api.Response;
import io.stagedoor.support.ChildApp;
import io.stagedoor.support.ChildAppTest;
import io.stagedoor.support.OwnedRedis;
import io.stagedoor.support.SideDatabase;
import io.stagedoor.support.TestConcerts;

import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keys rotate while a sale runs, as README "Rotating keys" says for one instance: the service is
 * restarted with new keys and the old ones as previous; the buyers in line keep their place, the
 * operators' old key still works, the seller's site may still sign entries with the old secret,
 * and everything new is signed with the new keys only.
 */
class KeyRotationTest extends ChildAppTest {

	private static final String OLD_TOKEN = "rotation-test-old-token-secret-0123456789";

	private static final String NEW_TOKEN = "rotation-test-new-token-secret-9876543210";

	private static final String OLD_ADMIN = "rotation-old-admin-key-0123";

	private static final String NEW_ADMIN = "rotation-new-admin-key-9876";

	private static final String OLD_ENTRY = "rotation-test-old-entry-secret-0123456789";

	private static final String NEW_ENTRY = "rotation-test-new-entry-secret-9876543210";

	@Test
	void aSaleRotatesEveryKeyWithoutLoggingAnyoneOut() {
		this.ownedRedis = OwnedRedis.start();
		SideDatabase side = SideDatabase.create(this.env, this.db, "rotation");
		Map<String, String> settings = new HashMap<>(side.settings());
		settings.put("spring.data.redis.url", this.ownedRedis.url());
		settings.put("stagedoor.rate-limit.enabled", "false");
		settings.put("stagedoor.queue.max-active", "1");
		settings.put("stagedoor.token.secret", OLD_TOKEN);
		settings.put("stagedoor.admin.key", OLD_ADMIN);
		settings.put("stagedoor.entry.secret", OLD_ENTRY);
		this.app = ChildApp.start("rotation-before", settings);
		long concert = new TestConcerts(side.client()).create().id();
		Api before = new Api(this.app.baseUrl());
		UUID firstUser = UUID.randomUUID();
		String first = enter(before, firstUser, concert, OLD_ENTRY).field("token");
		before.awaitActive(new Api.User(firstUser, first));
		String second = enter(before, UUID.randomUUID(), concert, OLD_ENTRY).field("token");
		long placeBefore = before.get("/api/v1/queue/status", second).body().get("position").asLong();
		assertThat(placeBefore).as("max-active 1: the second buyer waits, first in line").isEqualTo(1);

		this.app.close();
		settings.put("stagedoor.token.secret", NEW_TOKEN);
		settings.put("stagedoor.token.previous-secrets", OLD_TOKEN);
		settings.put("stagedoor.admin.key", NEW_ADMIN);
		settings.put("stagedoor.admin.previous-keys", OLD_ADMIN);
		settings.put("stagedoor.entry.secret", NEW_ENTRY);
		settings.put("stagedoor.entry.previous-secrets", OLD_ENTRY);
		this.app = ChildApp.start("rotation-after", settings);
		Api after = new Api(this.app.baseUrl());

		Response waiting = after.get("/api/v1/queue/status", second);
		assertThat(waiting.status()).as("a token signed with the previous secret: %s", waiting.text()).isEqualTo(200);
		assertThat(waiting.body().get("position").asLong()).as("the same place").isEqualTo(placeBefore);
		assertThat(after.get("/api/v1/queue/status", first).field("status")).isEqualTo("ACTIVE");

		assertThat(admin(after, OLD_ADMIN).status()).as("the previous admin key").isEqualTo(200);
		assertThat(admin(after, NEW_ADMIN).status()).as("the new admin key").isEqualTo(200);
		assertThat(admin(after, "rotation-some-other-key-000").code()).isEqualTo("ADMIN_UNAUTHORIZED");

		assertThat(enter(after, UUID.randomUUID(), concert, OLD_ENTRY).status()).as("an entry the seller still signs "
				+ "with the previous secret").isEqualTo(201);
		Response fresh = enter(after, UUID.randomUUID(), concert, NEW_ENTRY);
		assertThat(fresh.status()).isEqualTo(201);
		assertThat(enter(after, UUID.randomUUID(), concert, "rotation-test-unknown-secret-00000000000").code())
			.isEqualTo("ENTRY_INVALID");

		this.app.close();
		settings.remove("stagedoor.token.previous-secrets");
		settings.remove("stagedoor.admin.previous-keys");
		settings.remove("stagedoor.entry.previous-secrets");
		this.app = ChildApp.start("rotation-done", settings);
		Api done = new Api(this.app.baseUrl());
		assertThat(done.get("/api/v1/queue/status", fresh.field("token")).status())
			.as("new tokens were signed with the new secret").isEqualTo(200);
		assertThat(done.get("/api/v1/queue/status", second).code()).as("once the previous secret is dropped")
			.isEqualTo("TOKEN_INVALID");
		assertThat(admin(done, OLD_ADMIN).code()).isEqualTo("ADMIN_UNAUTHORIZED");
		assertThat(enter(done, UUID.randomUUID(), concert, OLD_ENTRY).code()).isEqualTo("ENTRY_INVALID");
	}

	private static Response enter(Api api, UUID user, long concert, String entrySecret) {
		JsonNode entry = SellerExamples.javaEntry(entrySecret, user.toString(), concert);
		return api.post("/api/v1/queue/tokens", null,
				Map.of("userId", user.toString(), "concertId", concert, "entry", entry));
	}

	private static Response admin(Api api, String key) {
		return api.admin(HttpMethod.GET, "/admin/api/concerts", null, key, null);
	}

}
