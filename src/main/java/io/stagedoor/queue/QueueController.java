package io.stagedoor.queue;

import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;

import io.stagedoor.ratelimit.RateLimiter;
import io.stagedoor.security.QueueToken;
import io.stagedoor.security.QueueTokens;
import io.stagedoor.security.SignedEntries;
import io.stagedoor.security.SignedEntry;
import io.stagedoor.web.ClientAddress;
import io.stagedoor.web.Ids;
import io.stagedoor.web.RejectedException;

import org.springframework.http.HttpHeaders;
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

	private final QueueMetrics metrics;

	private final SignedEntries entries;

	private final QueueTokens tokens;

	QueueController(QueueService queue, StatusPolls polls, RateLimiter limiter, QueueMetrics metrics,
			SignedEntries entries, QueueTokens tokens) {
		this.tokens = tokens;
		this.metrics = metrics;
		this.queue = queue;
		this.polls = polls;
		this.limiter = limiter;
		this.entries = entries;
	}

	@PostMapping("/tokens")
	@Operation(summary = "Take a queue token", description = "201 with a new entry at the back of the line; 200 with "
			+ "the live entry when this user already has one for this concert (same place, never a new one). Before "
			+ "the concert's sale opens (saleOpensAt in the concert list) the entry joins the pre-queue: status "
			+ "PRE_QUEUE with opensAt and no position (an addition to the contract; clients treat an unknown status "
			+ "as WAITING); at the open the whole pre-queue is placed in the line in a random order, ahead of "
			+ "everyone who arrives later. 409 QUEUE_CLOSED while operators drain the line. "
			+ "When the service runs with stagedoor.entry.secret (signed entry, known-user integration), the body must also "
			+ "carry \"entry\":{\"issuedAt\":<epoch seconds>,\"nonce\":\"…\",\"signature\":\"<hex "
			+ "HMAC-SHA256 of v1|userId|concertId|issuedAt|nonce>\"} signed by the seller's site, at most max-age "
			+ "old and never used before; otherwise 403 ENTRY_INVALID with a reason (missing, malformed, signature, "
			+ "expired, future, used). Without the secret the entry is optional and ignored. Sent with the "
			+ "user's earlier token for this concert as Authorization: Bearer (a page reloading), an entry "
			+ "Redis lost is put back at the arrival number that token carries (200, same token) instead of a "
			+ "new one at the back.")
	Mono<ResponseEntity<QueueService.QueueView>> issue(@RequestBody EnterRequest request, ServerHttpRequest http) {
		EnterRequest valid = request.validated();
		QueueToken earlier = earlier(http, valid);
		return this.limiter.issue(ClientAddress.of(http))
			.then(this.entries.admit(valid.userId(), valid.concertId(), valid.entry()))
			.then(this.queue.enter(valid.user(), valid.concertId(), earlier))
			.map(issued -> ResponseEntity.status(issued.created() ? HttpStatus.CREATED : HttpStatus.OK)
				.body(issued.view()));
	}

	/**
	 * The earlier token a page sends on reload ({@code Authorization: Bearer}), when it verifies and is
	 * this user's for this concert; otherwise none (issuance needs no token, so a bad one is ignored).
	 */
	private QueueToken earlier(ServerHttpRequest http, EnterRequest request) {
		String header = http.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
		if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
			return null;
		}
		try {
			QueueToken token = this.tokens.verify(header.substring(7).trim());
			return (token.userId().equals(request.user()) && token.concertId() == request.concertId()) ? token : null;
		}
		catch (RejectedException ex) {
			return null;
		}
	}

	@GetMapping("/status")
	@Operation(summary = "Where the caller stands: position, expected wait, when to poll again",
			description = "Polling faster than pollAfterMs may be slowed with 429 RATE_LIMITED and Retry-After; the "
					+ "place in line is kept. In the pre-queue: status PRE_QUEUE, opensAt, no position, and "
					+ "estimatedWaitSeconds counts down to the open.")
	Mono<QueueService.QueueView> status(QueueToken token) {
		// the gate and the poll limit of many polls in one Redis call (see StatusPolls)
		return this.polls.poll(token).doOnNext(caller -> this.metrics.polled(caller.concertId())).flatMap(this.queue::status);
	}

	@DeleteMapping("/tokens/me")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Leave the line, or give the active slot back; unpaid holds are released")
	Mono<Void> leave(Caller caller) {
		return this.queue.leave(caller);
	}

	/** {@code {"userId":"<uuid>","concertId":1}}, and the seller's signed entry when that is on. */
	record EnterRequest(String userId, Long concertId, SignedEntry entry) {

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
