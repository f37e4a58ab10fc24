package io.stagedoor.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.regex.Pattern;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.stagedoor.queue.ControlChange;
import io.stagedoor.queue.LineOperations;
import io.stagedoor.reservation.SeatFigures;
import io.stagedoor.web.ClientAddress;
import io.stagedoor.web.RejectedException;
import io.stagedoor.web.Rejection;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operators' API (an addition to the contract): see every concert's line and steer it — pause
 * and resume admission, change max-active and admit-per-tick, drain (no new entries). Its own
 * credential, {@code X-Admin-Key} = {@code stagedoor.admin.key}, never the queue token; every change
 * is logged and stored with who ({@code X-Admin-Actor}), from where and when.
 */
@RestController
@RequestMapping("/admin/api")
@Tag(name = "Admin", description = "Operating a sale; X-Admin-Key header with stagedoor.admin.key")
@SecurityRequirement(name = "adminKey")
class AdminController {

	static final String KEY_HEADER = "X-Admin-Key";

	static final String ACTOR_HEADER = "X-Admin-Actor";

	private static final Pattern ACTOR = Pattern.compile("[\\p{L}\\p{N} ._@-]{1,64}");

	private final AdminProperties properties;

	private final LineOperations lines;

	private final SeatFigures seats;

	AdminController(AdminProperties properties, LineOperations lines, SeatFigures seats) {
		this.properties = properties;
		this.lines = lines;
		this.seats = seats;
	}

	@GetMapping("/concerts")
	@Operation(summary = "Every concert's line, controls and seats")
	Flux<ConcertLine> concerts(@Parameter(hidden = true) @RequestHeader(name = KEY_HEADER, required = false) String key) {
		return Mono.fromRunnable(() -> authorize(key)).thenMany(this.lines.views().concatMap(this::withSeats));
	}

	@GetMapping("/concerts/{concertId}")
	@Operation(summary = "A concert's line: waiting, active, admission rate, ETA at the back, holds, sold seats")
	Mono<ConcertLine> concert(@PathVariable long concertId,
			@Parameter(hidden = true) @RequestHeader(name = KEY_HEADER, required = false) String key) {
		return Mono.fromRunnable(() -> authorize(key)).then(this.lines.view(concertId)).flatMap(this::withSeats);
	}

	@PatchMapping("/concerts/{concertId}/controls")
	@Operation(summary = "Change a concert's controls: any of paused, draining, maxActive, admitPerTick",
			description = "Reaches every instance by the next tick. Logged and stored with X-Admin-Actor, the "
					+ "caller's address and the time (GET /admin/api/audit).")
	Mono<ConcertLine> change(@PathVariable long concertId, @RequestBody ControlChange change,
			@Parameter(hidden = true) @RequestHeader(name = KEY_HEADER, required = false) String key,
			@RequestHeader(name = ACTOR_HEADER, required = false) String actor, ServerHttpRequest http) {
		return Mono.fromRunnable(() -> authorize(key))
			.then(Mono.fromCallable(change::validated))
			.flatMap(valid -> this.lines.change(concertId, valid, actor(actor), ClientAddress.of(http)))
			.flatMap(this::withSeats);
	}

	@GetMapping("/audit")
	@Operation(summary = "The latest control changes, newest first")
	Flux<LineOperations.AuditEntry> audit(
			@RequestParam(name = "concertId", required = false) Long concertId,
			@RequestParam(name = "limit", defaultValue = "50") int limit,
			@Parameter(hidden = true) @RequestHeader(name = KEY_HEADER, required = false) String key) {
		return Mono.fromRunnable(() -> {
			authorize(key);
			if (limit < 1 || limit > 500) {
				throw RejectedException.invalid("limit must be between 1 and 500");
			}
		}).thenMany(this.lines.audit(concertId, limit));
	}

	private Mono<ConcertLine> withSeats(LineOperations.LineView line) {
		return this.seats.of(line.concertId()).map(figures -> new ConcertLine(line, figures));
	}

	/** The key compared in constant time; a missing, wrong or unset key is one and the same 401. */
	private void authorize(String given) {
		if (!this.properties.enabled()) {
			throw new RejectedException(Rejection.ADMIN_UNAUTHORIZED,
					"the admin API is off: set stagedoor.admin.key to turn it on");
		}
		if (given == null || !anyKeyMatches(given.getBytes(StandardCharsets.UTF_8))) {
			throw new RejectedException(Rejection.ADMIN_UNAUTHORIZED,
					"send the admin key in " + KEY_HEADER + " (a queue token is not one)");
		}
	}

	/** Compared with every valid key, each in constant time, without stopping at the first match. */
	private boolean anyKeyMatches(byte[] given) {
		boolean matched = false;
		for (String key : this.properties.validKeys()) {
			matched |= MessageDigest.isEqual(given, key.getBytes(StandardCharsets.UTF_8));
		}
		return matched;
	}

	private static String actor(String given) {
		if (given == null || given.isBlank()) {
			return "admin";
		}
		if (!ACTOR.matcher(given).matches()) {
			throw RejectedException.invalid(ACTOR_HEADER + " must be 1 to 64 letters, digits, spaces or ._@-");
		}
		return given.strip();
	}

	/** A concert's line with its seats: what the operator page shows. */
	record ConcertLine(LineOperations.LineView line, SeatFigures.Figures seats) {
	}

}
