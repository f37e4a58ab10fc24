package io.stagedoor.reservation;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code stagedoor.reservation.*}: seat holds.
 *
 * @param holdTtl how long a hold lasts unpaid
 * @param maxHolds seats one user may hold at once in one concert
 * @param claimTtl how long a payment's claim keeps its holds alive past their expiry: longer than a
 * payment transaction may take
 * @param sweepEvery how often lapsed holds are marked {@code EXPIRED} in the database (their status
 * reads {@code EXPIRED} from the moment they lapse regardless)
 */
@Validated
@ConfigurationProperties("stagedoor.reservation")
record ReservationProperties(@DefaultValue("5m") Duration holdTtl, @DefaultValue("4") @Min(1) @Max(50) int maxHolds,
		@DefaultValue("30s") Duration claimTtl, @DefaultValue("5s") Duration sweepEvery) {

	public ReservationProperties {
		if (holdTtl.toMillis() < 100 || claimTtl.toMillis() < 1000) {
			throw new IllegalArgumentException("stagedoor.reservation: hold-ttl >= 100ms and claim-ttl >= 1s");
		}
	}

}
