package io.stagedoor.reservation;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import io.stagedoor.concert.ConcertCatalog;

import org.springframework.modulith.NamedInterface;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Per concert, the seats' figures for its operators: live holds, seats sold and seats on sale (dates
 * from today on). Read from the database in three grouped queries at most every few seconds, shared
 * by the admin API and the gauge {@code stagedoor_holds_current}.
 */
@NamedInterface("figures")
@Component
public class SeatFigures {

	private static final Logger log = LoggerFactory.getLogger(SeatFigures.class);

	private final Reservations reservations;

	private final ConcertCatalog catalog;

	private final Clock clock;

	private final MeterRegistry metrics;

	private final Map<Long, Figures> latest = new ConcurrentHashMap<>();

	private final Mono<Map<Long, Figures>> read;

	SeatFigures(Reservations reservations, ConcertCatalog catalog, Clock clock, MeterRegistry metrics) {
		this.reservations = reservations;
		this.catalog = catalog;
		this.clock = clock;
		this.metrics = metrics;
		this.read = Mono.defer(this::load).cache(Duration.ofSeconds(2));
	}

	/** A concert's figures, at most a few seconds old. */
	public Mono<Figures> of(long concertId) {
		return this.read.map(all -> all.getOrDefault(concertId, new Figures(0, 0, 0)));
	}

	@Scheduled(fixedDelayString = "${stagedoor.reservation.figures-every:5s}", initialDelayString = "1s")
	Mono<Void> refresh() {
		return this.read.then().onErrorResume(ex -> {
			log.debug("Seat figures not refreshed: {}", ex.toString());
			return Mono.empty();
		});
	}

	private Mono<Map<Long, Figures>> load() {
		return this.reservations.figures(this.clock.instant(), this.catalog.today()).map(raw -> {
			Map<Long, Figures> figures = new ConcurrentHashMap<>();
			raw.forEach((concert, f) -> figures.put(concert, new Figures(f[0], f[1], f[2])));
			for (Long concert : figures.keySet()) {
				this.latest.computeIfAbsent(concert, this::register);
			}
			this.latest.replaceAll((concert, old) -> figures.getOrDefault(concert, new Figures(0, 0, 0)));
			return figures;
		});
	}

	private Figures register(long concertId) {
		Gauge.builder("stagedoor.holds.current", this.latest, m -> {
			Figures f = m.get(concertId);
			return (f == null) ? 0 : f.holds();
		}).description("seat holds live now").tag("concert", Long.toString(concertId)).register(this.metrics);
		return new Figures(0, 0, 0);
	}

	/**
	 * @param holds seats held now (not yet paid, not lapsed)
	 * @param sold seats sold on dates from today on
	 * @param seats seats of the dates from today on
	 */
	public record Figures(long holds, long sold, long seats) {
	}

}
