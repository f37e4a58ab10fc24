package io.stagedoor.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code stagedoor.token.*}: how queue tokens are signed.
 *
 * @param secret HMAC-SHA256 key, at least 32 bytes; only the embedded mode supplies a dev default,
 * so a deployment against real servers refuses to start without one
 * @param lifetime the JWT's {@code exp}: long enough for the whole wait and the active time, since
 * whether a token is still live is the queue's answer, not the JWT's
 * @param previousSecrets keys replaced by {@code secret} (or about to be, see README "Rotating
 * keys"): tokens they signed stay valid until their {@code exp}; new tokens are signed with
 * {@code secret} only
 */
@Validated
@ConfigurationProperties("stagedoor.token")
record TokenProperties(@NotNull(message = "set stagedoor.token.secret (at least 32 bytes) when running against real servers") String secret,
		@DefaultValue("24h") Duration lifetime, @DefaultValue List<String> previousSecrets) {

	public TokenProperties {
		if (secret != null && secret.getBytes(StandardCharsets.UTF_8).length < 32) {
			throw new IllegalArgumentException("stagedoor.token.secret must be at least 32 bytes");
		}
		previousSecrets = Secrets.previous("stagedoor.token.previous-secrets", previousSecrets, 32);
	}

	@Override
	public String toString() {
		return "TokenProperties[lifetime=" + this.lifetime + ", previousSecrets=" + this.previousSecrets.size() + "]";
	}

}
