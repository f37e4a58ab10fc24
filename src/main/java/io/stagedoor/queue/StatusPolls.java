package io.stagedoor.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

import io.stagedoor.ratelimit.RateLimitProperties;
import io.stagedoor.ratelimit.RateLimiter;
import io.stagedoor.security.QueueToken;
import io.stagedoor.support.LuaScripts;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The status poll's gate, batched: the polls of one concert that arrive while this instance's
 * calls for that concert are under way ({@link #IN_FLIGHT} at most) all go in the next call
 * ({@code queue-status.lua}), one script call for many polls. A lone poll goes at once; under load
 * the batches grow by themselves, with no timer and no waiting for company.
 * <ul>
 * <li>Exact: every answer is what Redis held at a moment after the poll arrived (its batch is sent
 * after that), so a leave or a spend, on any instance, shows in every poll that starts after it;
 * no snapshot is ever served.</li>
 * <li>Same effects as the gate of one poll ({@link QueueGate#live}): presence of a waiting user, a
 * new lease for an active one, and the poll rate limit taken in the same call when it is on.</li>
 * <li>Redis gone: the failed call fails each of its polls, answered 503. A call is given 40 % of the
 * Redis command timeout, so a poll that waits behind a call that hangs and then hangs in its own
 * still has its 503 within the command timeout of its arrival (2 s by default: two ticks of the
 * default 1 s tick), overheads included.</li>
 * </ul>
 * Only the status poll uses it; the booking endpoints' gate asks Redis for each request.
 */
@Component
class StatusPolls {

	/** Most polls in one script call, so one call stays short. */
	static final int MAX_BATCH = 1000;

	/**
	 * Calls under way at once per concert: with two, the next batch is read while the answers of the
	 * last are written, so neither Redis nor this instance waits for the other.
	 */
	static final int IN_FLIGHT = 2;

	private final QueueLine line;

	private final RateLimitProperties limits;

	private final MeterRegistry metrics;

	/** How long one call may take: under half the command timeout, as a poll may wait for two. */
	private final Duration callDeadline;

	private final Map<Long, ConcertPolls> concerts = new ConcurrentHashMap<>();

	private final Reseats reseats;

	StatusPolls(QueueLine line, Reseats reseats, RateLimiter limiter, MeterRegistry metrics,
			@Value("${spring.data.redis.timeout:2s}") Duration commandTimeout) {
		this.line = line;
		this.reseats = reseats;
		this.limits = limiter.limits();
		this.metrics = metrics;
		this.callDeadline = commandTimeout.multipliedBy(2).dividedBy(5);
	}

	/**
	 * The caller of the token's live entry, as {@link QueueGate#live} answers it, or why not; an entry
	 * Redis lost is put back on its own call, outside the batch ({@link Reseats}).
	 */
	Mono<Caller> poll(QueueToken token) {
		ConcertPolls concert = this.concerts.computeIfAbsent(token.concertId(), ConcertPolls::new);
		return Mono.<Answer>create(sink -> concert.add(new Pending(token, sink)))
			.flatMap(answer -> answer.standing(token, this.reseats))
			.map(standing -> QueueGate.caller(token, standing));
	}

	/** What the script said of one poll: a state code and its position, lease end or wait. */
	private record Answer(long code, long value) {

		Mono<QueueLine.Standing> standing(QueueToken token, Reseats reseats) {
			if (this.code == 4) {
				return Mono.error(RateLimiter.pollRefused(this.value));
			}
			return reseats.settle(token, QueueLine.Standing.of(this.code, this.value));
		}

	}

	/** A poll waiting for its batch; {@code sink} drops an answer that comes after the client left. */
	private record Pending(QueueToken token, MonoSink<Answer> sink) {
	}

	/** The polls of one concert: those waiting, and how many calls are under way. */
	private final class ConcertPolls {

		private final long concertId;

		private final Queue<Pending> waiting = new ConcurrentLinkedQueue<>();

		private final AtomicInteger calling = new AtomicInteger();

		private final Counter calls;

		ConcertPolls(long concertId) {
			this.concertId = concertId;
			this.calls = Counter.builder("stagedoor.queue.status.calls")
				.description("script calls made to answer status polls")
				.tag("concert", Long.toString(concertId))
				.register(StatusPolls.this.metrics);
		}

		void add(Pending poll) {
			this.waiting.offer(poll);
			sendNext();
		}

		/** Sends what is waiting unless enough calls are under way; the end of one sends the rest. */
		private void sendNext() {
			while (!this.waiting.isEmpty() && claimCall()) {
				List<Pending> batch = new ArrayList<>();
				for (Pending poll; batch.size() < MAX_BATCH && (poll = this.waiting.poll()) != null;) {
					batch.add(poll);
				}
				if (!batch.isEmpty()) {
					send(batch);
					return;
				}
				this.calling.decrementAndGet();
			}
		}

		private boolean claimCall() {
			for (int now = this.calling.get(); now < IN_FLIGHT; now = this.calling.get()) {
				if (this.calling.compareAndSet(now, now + 1)) {
					return true;
				}
			}
			return false;
		}

		// The call's outcome goes to the polls waiting on it (each answer or each error), and the
		// next batch starts when it ends: the subscription has owners, it is not fired and forgotten.
		private void send(List<Pending> batch) {
			this.calls.increment();
			call(batch).subscribe(reply -> answer(batch, reply), error -> {
				batch.forEach(poll -> poll.sink().error(error));
				done();
			}, this::done);
		}

		private void answer(List<Pending> batch, List<Object> reply) {
			for (int i = 0; i < batch.size(); i++) {
				batch.get(i).sink().success(new Answer(LuaScripts.longAt(reply, 2 * i), LuaScripts.longAt(reply, 2 * i + 1)));
			}
		}

		private void done() {
			this.calling.decrementAndGet();
			sendNext();
		}

		private Mono<List<Object>> call(List<Pending> batch) {
			RateLimitProperties limits = StatusPolls.this.limits;
			List<QueueToken> tokens = batch.stream().map(Pending::token).toList();
			// a TimeoutException is an outage: 503
			return StatusPolls.this.line
				.gate(this.concertId, tokens, limits.enabled() ? limits.pollsPerSecond() : 0, limits.pollBurst(), null)
				.timeout(StatusPolls.this.callDeadline);
		}

	}

}
