package io.stagedoor.web;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.actuate.endpoint.ApiVersion;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.health.actuate.endpoint.ReactiveHealthEndpointWebExtension;
import org.springframework.boot.health.contributor.Status;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Readiness and the two stores as gauges, for Prometheus's alerts: {@code stagedoor_ready} is 1 while
 * {@code /actuator/health/readiness} answers UP, else 0; {@code stagedoor_store_up{store}} is 1 while
 * the health check of {@code redis} or {@code database} (Spring Boot's {@code r2dbc} check) answers UP.
 * A scrape must neither wait for a health check nor block, so a scheduled check keeps the latest
 * answers and the gauges read them: NaN until the first check, and a check that takes longer than
 * {@link #CHECK_TIMEOUT} counts as down.
 */
@Component
class HealthMetrics {

	static final Duration CHECK_TIMEOUT = Duration.ofSeconds(5);

	/** Gauge key → the health path asked ({@code readiness} is the group, the others contributors). */
	private static final Map<String, String> CHECKS = Map.of("ready", "readiness", "redis", "redis", "database",
			"r2dbc");

	private final ReactiveHealthEndpointWebExtension health;

	private final Map<String, Double> latest = new ConcurrentHashMap<>();

	HealthMetrics(ReactiveHealthEndpointWebExtension health, MeterRegistry registry) {
		this.health = health;
		CHECKS.keySet().forEach(key -> this.latest.put(key, Double.NaN));
		Gauge.builder("stagedoor.ready", this.latest, m -> m.get("ready"))
			.description("1 while /actuator/health/readiness is UP, else 0")
			.register(registry);
		for (String store : new String[] { "redis", "database" }) {
			Gauge.builder("stagedoor.store.up", this.latest, m -> m.get(store))
				.description("1 while the store's health check is UP, else 0")
				.tag("store", store)
				.register(registry);
		}
	}

	@Scheduled(fixedDelayString = "${stagedoor.health-metrics-every:5s}", initialDelayString = "0s")
	Mono<Void> check() {
		return Flux.fromIterable(CHECKS.entrySet())
			.flatMap(check -> up(check.getValue()).doOnNext(up -> this.latest.put(check.getKey(), up ? 1.0 : 0.0)))
			.then();
	}

	private Mono<Boolean> up(String path) {
		return this.health.health(ApiVersion.LATEST, WebServerNamespace.SERVER, SecurityContext.NONE, true, path)
			.map(response -> response.getBody() != null && Status.UP.equals(response.getBody().getStatus()))
			.timeout(CHECK_TIMEOUT)
			.onErrorReturn(false)
			.defaultIfEmpty(false);
	}

}
