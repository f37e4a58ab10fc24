package io.stagedoor.ratelimit;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code stagedoor.rate-limit.*}: token buckets in Redis that slow abusive clients down without
 * ever dropping their place.
 *
 * @param enabled turns both limits on or off (load tests from one loopback address turn them off)
 * @param pollsPerSecond how fast one token's status polls and stream opens refill; at least one a
 * second, so a client that waits its {@code pollAfterMs} (never under 1 s) is never refused
 * @param pollBurst how many polls of one token may come at once
 * @param issuesPerSecond how fast token issuance refills per client address
 * @param issueBurst how many issuances one address may make at once: generous, since many people
 * can share one address behind a NAT
 */
@Validated
@ConfigurationProperties("stagedoor.rate-limit")
public record RateLimitProperties(@DefaultValue("true") boolean enabled,
		@DefaultValue("2") @DecimalMin("1") double pollsPerSecond, @DefaultValue("5") @Min(1) int pollBurst,
		@DefaultValue("50") @DecimalMin("0.1") double issuesPerSecond, @DefaultValue("300") @Min(1) int issueBurst) {
}
