package io.stagedoor.queue;

import java.time.Duration;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.stagedoor.ratelimit.RateLimiter;
import io.stagedoor.security.QueueToken;

import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The live line as server-sent events: the state at once ({@code prequeue} with the open time
 * while the line has not opened), {@code position} on every change (never
 * the same value twice in a row), then {@code active} or {@code expired}, and the stream completes.
 * A comment heartbeat keeps proxies from closing a quiet stream. The stream opens through the gate;
 * after that {@link LineWatch} follows the entry with all of the instance's other streams, one
 * Redis call per concert and tick, and an open stream counts as presence.
 */
@RestController
@Tag(name = "Queue")
class QueueEventsController {

	static final Duration HEARTBEAT = Duration.ofSeconds(15);

	private final QueueGate gate;

	private final QueueService queue;

	private final LineWatch watch;

	private final RateLimiter limiter;

	private final Reseats reseats;

	QueueEventsController(QueueGate gate, QueueService queue, LineWatch watch, RateLimiter limiter, Reseats reseats) {
		this.reseats = reseats;
		this.gate = gate;
		this.queue = queue;
		this.watch = watch;
		this.limiter = limiter;
	}

	@GetMapping(path = CallerArgumentResolver.EVENTS_PATH, produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@Operation(summary = "Live position as server-sent events (token by header or ?token=)")
	Flux<ServerSentEvent<Object>> events(QueueToken token) {
		return this.limiter.poll(token.concertId(), token.userId())
			.then(this.gate.live(token))
			.flatMapMany(this::stream);
	}

	private Flux<ServerSentEvent<Object>> stream(Caller caller) {
		Flux<ServerSentEvent<Object>> updates = this.watch.follow(caller.token())
			// an entry Redis lost while the stream was open is put back, and the stream carries on (a
			// re-seat that fails, the database or Redis down, is tried again at the next tick)
			.concatMap(found -> this.reseats.settle(caller.token(), found).onErrorResume(ex -> Mono.empty()))
			.map(standing -> standing.live() ? event(QueueGate.caller(caller.token(), standing)) : expired())
			.startWith(event(caller))
			.distinctUntilChanged(ServerSentEvent::id);
		Flux<ServerSentEvent<Object>> heartbeats = this.watch.heartbeats()
			.map(i -> ServerSentEvent.<Object>builder().comment("heartbeat").build());
		return Flux.merge(updates, heartbeats).takeUntil(QueueEventsController::isFinal);
	}

	private ServerSentEvent<Object> event(Caller caller) {
		if (caller.state() == QueueState.ACTIVE) {
			return ServerSentEvent.<Object>builder(Map.of("activeUntil", caller.activeUntil().toString()))
				.event("active")
				.id("active")
				.build();
		}
		if (caller.state() == QueueState.PRE_QUEUE) {
			// an addition to the contract: clients that do not listen for it wait for "position"
			WaitEstimate untilOpen = this.queue.preQueue(caller.opensAt());
			return ServerSentEvent.<Object>builder(Map.of("status", QueueState.PRE_QUEUE.name(), "opensAt",
					caller.opensAt().toString(), "estimatedWaitSeconds", untilOpen.seconds()))
				.event("prequeue")
				.id("prequeue")
				.build();
		}
		WaitEstimate wait = this.queue.estimate(caller.concertId(), caller.position());
		return ServerSentEvent.<Object>builder(
				Map.of("position", caller.position(), "estimatedWaitSeconds", wait.seconds()))
			.event("position")
			.id("p" + caller.position())
			.build();
	}

	private static ServerSentEvent<Object> expired() {
		return ServerSentEvent.<Object>builder(Map.of("reason", "the queue entry has ended"))
			.event("expired")
			.id("expired")
			.build();
	}

	private static boolean isFinal(ServerSentEvent<Object> event) {
		return "active".equals(event.event()) || "expired".equals(event.event());
	}

}
