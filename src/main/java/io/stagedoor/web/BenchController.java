package io.stagedoor.web;

import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The framework's ceiling for the load benchmarks ({@code bench/}): a JSON answer that touches
 * neither Redis nor the database. Exists only under the {@code bench} profile, never in production.
 */
@RestController
@Profile("bench")
class BenchController {

	private static final Noop NOOP = new Noop("ok", 0);

	@GetMapping("/bench/noop")
	Mono<Noop> noop() {
		return Mono.just(NOOP);
	}

	/** A body of about the size of a small queue answer's fields. */
	record Noop(String status, long position) {
	}

}
