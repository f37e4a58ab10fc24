package io.stagedoor.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code stagedoor.entry.*}: signed entry (known-user integration). With a secret set, token
 * issuance takes only entries the seller's site signed with it; without one, anyone with a user id
 * may take that user's token, as before.
 *
 * @param secret HMAC-SHA256 key shared with the seller's site, at least 32 bytes; unset turns
 * signed entry off. An empty value is refused rather than read as "off", so a blank environment
 * variable never opens the door silently
 * @param maxAge how long after its {@code issuedAt} an entry is accepted
 * @param clockSkew how far ahead of this service's clock an {@code issuedAt} may be (the seller's
 * clock may run fast); also added to how long a used entry is remembered
 * @param previousSecrets keys the seller's site may still sign with while a new {@code secret} is
 * rolled out (README "Rotating keys"); entries signed with any of them are accepted
 */
@ConfigurationProperties("stagedoor.entry")
record EntryProperties(String secret, @DefaultValue("60s") Duration maxAge,
		@DefaultValue("10s") Duration clockSkew, @DefaultValue List<String> previousSecrets) {

	public EntryProperties {
		if (secret != null && secret.getBytes(StandardCharsets.UTF_8).length < 32) {
			throw new IllegalArgumentException("stagedoor.entry.secret must be at least 32 bytes (or unset to turn "
					+ "signed entry off)");
		}
		previousSecrets = Secrets.previous("stagedoor.entry.previous-secrets", previousSecrets, 32);
		if (secret == null && !previousSecrets.isEmpty()) {
			throw new IllegalArgumentException("stagedoor.entry.previous-secrets needs stagedoor.entry.secret");
		}
		if (maxAge.toMillis() < 1000 || clockSkew.isNegative() || clockSkew.compareTo(maxAge) > 0) {
			throw new IllegalArgumentException(
					"stagedoor.entry: max-age at least 1s, clock-skew from 0 up to max-age");
		}
	}

	/** Whether issuance requires a signed entry. */
	public boolean required() {
		return this.secret != null;
	}

	@Override
	public String toString() {
		return "EntryProperties[required=" + required() + ", previousSecrets=" + this.previousSecrets.size() + ", maxAge=" + this.maxAge + ", clockSkew=" + this.clockSkew
				+ "]";
	}

}
