package io.stagedoor.queue;

import java.net.InetSocketAddress;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;

import io.stagedoor.ratelimit.RateLimiter;
import io.stagedoor.security.QueueToken;
import io.stagedoor.web.Ids;
import io.stagedoor.web.RejectedException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Queue tokens: enter, stand, leave. */
@RestController
@RequestMapping("/api/v1/queue")
@Tag(name = "Queue")
class QueueController {

	private final QueueService queue;

	private final StatusPolls polls;

	private final RateLimiter limiter;

	QueueController(QueueService queue, StatusPolls polls, RateLimiter limiter) {
		this.queue = queue;
		this.polls = polls;
		this.limiter = limiter;
	}

	@PostMapping("/tokens")
	@Operation(summary = "Take a queue token", description = "201 with a new entry at the back of the line; 200 with "
			+ "the live entry when this user already has one for this concert (same place, never a new one).")
	Mono<ResponseEntity<QueueService.QueueView>> issue(@RequestBody EnterRequest request, ServerHttpRequest http) {
		EnterRequest valid = request.validated();
		return this.limiter.issue(clientAddress(http))
			.then(this.queue.enter(valid.user(), valid.concertId()))
			.map(issued -> ResponseEntity.status(issued.created() ? HttpStatus.CREATED : HttpStatus.OK)
				.body(issued.view()));
	}

	@GetMapping("/status")
	@Operation(summary = "Where the caller stands: position, expected wait, when to poll again",
			description = "Polling faster than pollAfterMs may be slowed with 429 RATE_LIMITED and Retry-After; the "
					+ "place in line is kept.")
	Mono<QueueService.QueueView> status(QueueToken token) {
		// the gate and the poll limit of many polls in one Redis call (see StatusPolls)
		return this.polls.poll(token).flatMap(this.queue::status);
	}

	/** The client's address; behind a proxy set {@code server.forward-headers-strategy} so it is the real one. */
	static String clientAddress(ServerHttpRequest http) {
		InetSocketAddress remote = http.getRemoteAddress();
		return (remote == null || remote.getAddress() == null) ? "unknown" : remote.getAddress().getHostAddress();
	}

	@DeleteMapping("/tokens/me")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Leave the line, or give the active slot back; unpaid holds are released")
	Mono<Void> leave(Caller caller) {
		return this.queue.leave(caller);
	}

	/** {@code {"userId":"<uuid>","concertId":1}} */
	record EnterRequest(String userId, Long concertId) {

		EnterRequest validated() {
			if (this.concertId == null || this.concertId < 1) {
				throw RejectedException.invalid("concertId must be a positive integer");
			}
			user();
			return this;
		}

		UUID user() {
			return Ids.uuid(this.userId, "userId");
		}

	}

}
