package io.stagedoor.security;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * When Redis cannot be reached a good entry is not let through unremembered: the check fails with
 * {@link DataAccessResourceFailureException}, the store's outage. This test checks only that (at the
 * {@link SignedEntries} level, no HTTP). That the error advice answers such an outage 503
 * UNAVAILABLE with Retry-After is shown over HTTP by {@code RedisOutageTest}, not here.
 */
class SignedEntriesOutageTest {

	private static final String SECRET = "seller-site-entry-secret-0123456789abcdef";

	@Test
	void aGoodEntryFailsAsAnOutageWhenRedisIsGone() throws IOException {
		int deadPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			deadPort = socket.getLocalPort();
		}
		LettuceConnectionFactory gone = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", deadPort),
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(2)).build());
		gone.afterPropertiesSet();
		gone.start();
		try {
			SignedEntries entries = new SignedEntries(
					new EntryProperties(SECRET, Duration.ofSeconds(60), Duration.ofSeconds(10), java.util.List.of()), Clock.systemUTC(),
					new ReactiveStringRedisTemplate(gone));
			String user = UUID.randomUUID().toString();
			JsonNode entry = SellerExamples.javaEntry(SECRET, user, 1, Instant.now().getEpochSecond(), "n");

			StepVerifier.create(entries.admit(user, 1,
					new SignedEntry(entry.get("issuedAt").asLong(), "n", entry.get("signature").asString())))
				.expectError(DataAccessResourceFailureException.class)
				.verify(Duration.ofSeconds(10));
		}
		finally {
			gone.destroy();
		}
	}

}
