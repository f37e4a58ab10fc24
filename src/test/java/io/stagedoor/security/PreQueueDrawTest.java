package io.stagedoor.security;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pre-queue entry's draw score is worked out from its token id under the token secret: the same
 * again when Redis lost the entry, in (0, 1), and another under another secret.
 */
class PreQueueDrawTest {

	private static QueueTokens tokens(String secret) {
		return new QueueTokens(new TokenProperties(secret, Duration.ofHours(24), List.of()), Clock.systemUTC());
	}

	@Test
	void aLostPreQueueEntryGetsTheSameDrawBackFromItsTokenId() {
		QueueTokens tokens = tokens("pre-queue-draw-test-secret-0123456789ab");
		QueueTokens again = tokens("pre-queue-draw-test-secret-0123456789ab");
		QueueTokens other = tokens("pre-queue-draw-other-secret-0123456789ab");
		Set<Double> draws = new HashSet<>();
		int differsUnderOtherSecret = 0;
		for (int i = 0; i < 1000; i++) {
			String tokenId = UUID.randomUUID().toString();
			double draw = tokens.draw(tokenId);
			assertThat(draw).isStrictlyBetween(0.0, 1.0);
			assertThat(again.draw(tokenId)).as("worked out again, by any instance").isEqualTo(draw);
			if (other.draw(tokenId) != draw) {
				differsUnderOtherSecret++;
			}
			draws.add(draw);
		}
		assertThat(draws).as("no two token ids meet").hasSize(1000);
		assertThat(differsUnderOtherSecret).as("the secret is part of it").isEqualTo(1000);
	}

}
