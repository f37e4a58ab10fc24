package io.stagedoor.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.stagedoor.web.RejectedException;
import io.stagedoor.web.Rejection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A token verified once is remembered, and never accepted where a fresh verification would refuse
 * it: past its {@code exp}, or with any byte changed.
 */
class RememberedTokensTest {

	private static final String SECRET = "remembered-tokens-test-secret-0123456789";

	private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final QueueTokens tokens = new QueueTokens(new TokenProperties(SECRET, Duration.ofMinutes(5), List.of()), this.clock);

	@Test
	void aRememberedTokenIsStillRefusedOnceItsExpiryHasPassed() {
		UUID user = UUID.randomUUID();
		String token = this.tokens.issue(user, 7, 42, "entry-1");
		assertThat(this.tokens.verify(token).userId()).isEqualTo(user);
		assertThat(this.tokens.verify(token).arrival()).isEqualTo(42);

		this.clock.now = this.clock.now.plus(Duration.ofMinutes(5));
		assertThat(this.tokens.verify(token).concertId()).as("at exp itself, as jjwt decides").isEqualTo(7);
		this.clock.now = this.clock.now.plusSeconds(1);
		assertThatThrownBy(() -> this.tokens.verify(token)).isInstanceOfSatisfying(RejectedException.class,
				ex -> assertThat(ex.rejection()).isEqualTo(Rejection.TOKEN_EXPIRED));
		assertThatThrownBy(() -> this.tokens.verify(token)).as("and again").isInstanceOf(RejectedException.class);
	}

	@Test
	void aRememberedTokenWithOneByteChangedIsRefused() {
		String token = this.tokens.issue(UUID.randomUUID(), 7, 1, "entry-2");
		this.tokens.verify(token);
		// the signature's first character: every bit of it counts
		int at = token.lastIndexOf('.') + 1;
		String changed = token.substring(0, at) + (token.charAt(at) == 'A' ? 'B' : 'A') + token.substring(at + 1);
		assertThatThrownBy(() -> this.tokens.verify(changed)).isInstanceOfSatisfying(RejectedException.class,
				ex -> assertThat(ex.rejection()).isEqualTo(Rejection.TOKEN_INVALID));
		assertThat(this.tokens.verify(token).tokenId()).isEqualTo("entry-2");
	}

	@Test
	void aTokenSignedWithTheRotatedOutSecretIsValidUntilItsExpiryAndNewOnesUseTheNewSecret() {
		String old = this.tokens.issue(UUID.randomUUID(), 7, 3, "before-rotation");
		QueueTokens rotated = new QueueTokens(
				new TokenProperties("remembered-tokens-new-secret-9876543210", Duration.ofMinutes(5), List.of(SECRET)),
				this.clock);
		assertThat(rotated.verify(old).tokenId()).isEqualTo("before-rotation");
		String fresh = rotated.issue(UUID.randomUUID(), 7, 4, "after-rotation");
		assertThatThrownBy(() -> this.tokens.verify(fresh)).as("signed with the new secret only")
			.isInstanceOfSatisfying(RejectedException.class, ex -> assertThat(ex.rejection()).isEqualTo(Rejection.TOKEN_INVALID));
		QueueTokens unrelated = new QueueTokens(new TokenProperties("remembered-tokens-other-secret-000000000",
				Duration.ofMinutes(5), List.of("remembered-tokens-another-secret-1111111")), this.clock);
		assertThatThrownBy(() -> unrelated.verify(old)).isInstanceOfSatisfying(RejectedException.class,
				ex -> assertThat(ex.rejection()).isEqualTo(Rejection.TOKEN_INVALID));

		this.clock.now = this.clock.now.plus(Duration.ofMinutes(5)).plusSeconds(1);
		assertThatThrownBy(() -> rotated.verify(old)).as("past its exp, as any token")
			.isInstanceOfSatisfying(RejectedException.class, ex -> assertThat(ex.rejection()).isEqualTo(Rejection.TOKEN_EXPIRED));
	}

	/** A clock the test moves. */
	private static final class MovableClock extends Clock {

		volatile Instant now;

		MovableClock(Instant now) {
			this.now = now;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
