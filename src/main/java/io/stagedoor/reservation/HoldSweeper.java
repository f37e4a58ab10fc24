package io.stagedoor.reservation;

import java.time.Clock;
import java.time.Instant;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Marks lapsed holds {@code EXPIRED} in the database, for the history's sake: readers already see
 * {@code EXPIRED} from the moment a hold lapses, and Redis freed the seat by its TTL. It waits a
 * claim's time past the expiry, so it never races a payment that claimed the hold in time, and its
 * conditional update makes several instances at once harmless.
 */
@Component
class HoldSweeper {

	private static final Logger log = LoggerFactory.getLogger(HoldSweeper.class);

	static final int BATCH = 500;

	private final Reservations reservations;

	private final ReservationProperties properties;

	private final Clock clock;

	private final MeterRegistry metrics;

	HoldSweeper(Reservations reservations, ReservationProperties properties, Clock clock, MeterRegistry metrics) {
		this.metrics = metrics;
		this.reservations = reservations;
		this.properties = properties;
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "${stagedoor.reservation.sweep-every:5s}",
			initialDelayString = "${stagedoor.reservation.sweep-every:5s}")
	Mono<Void> sweep() {
		// Spring subscribes the same publisher on every run: the time is read per subscription
		return Flux.defer(() -> {
			Instant now = this.clock.instant();
			return this.reservations.expireLapsed(now.minus(this.properties.claimTtl()), now, BATCH);
		})
			.doOnNext(expired -> {
				if (expired.getValue() > 0) {
					this.metrics.counter("stagedoor.holds.expired", "concert", Long.toString(expired.getKey()))
						.increment(expired.getValue());
					log.debug("Marked {} lapsed holds of concert {} EXPIRED", expired.getValue(), expired.getKey());
				}
			})
			.then()
			.onErrorResume(ex -> {
				log.warn("Hold sweep skipped: {}", ex.toString());
				return Mono.empty();
			});
	}

}
