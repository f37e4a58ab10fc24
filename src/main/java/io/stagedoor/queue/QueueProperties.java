package io.stagedoor.queue;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code stagedoor.queue.*}: the shape of every concert's line.
 *
 * @param maxActive active users per concert at once
 * @param admitPerTick most users promoted per tick
 * @param tick promotion period; several instances together still promote once per tick
 * @param activeTtl how long an active token lasts unused
 * @param activeMax how long an active token lasts at most, used or not
 * @param idleTimeout a waiting user unseen this long loses the place
 * @param evictPerTick most lapsed entries removed per tick, so one tick stays short however many
 * lapse at once
 * @param expectedStay how long an admitted user is expected to hold the active slot, the wait
 * estimate's prior until the line has measured its own departures (see {@link WaitEstimate}); 0 (the
 * default) knows nothing beforehand: the prior is then only what the line has seen (nobody has left
 * for so long), a lower bound, so the first buyers are told too little rather than far too much
 */
@Validated
@ConfigurationProperties("stagedoor.queue")
record QueueProperties(@DefaultValue("500") @Min(1) int maxActive, @DefaultValue("100") @Min(1) int admitPerTick,
		@DefaultValue("1s") Duration tick, @DefaultValue("10m") Duration activeTtl, @DefaultValue("30m") Duration activeMax,
		@DefaultValue("2m") Duration idleTimeout, @DefaultValue("1000") @Min(1) @Max(100000) int evictPerTick,
		@DefaultValue("0s") Duration expectedStay) {

	public QueueProperties {
		// active-max below active-ttl is allowed: an entry then simply lasts active-max
		if (tick.toMillis() < 10 || activeTtl.toMillis() < 1 || activeMax.toMillis() < 1 || idleTimeout.toMillis() < 1
				|| expectedStay.isNegative()) {
			throw new IllegalArgumentException(
					"stagedoor.queue: tick >= 10ms, active-ttl, active-max and idle-timeout above zero, expected-stay not negative");
		}
	}

}
