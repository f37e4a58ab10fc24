package io.stagedoor.queue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import reactor.core.publisher.Mono;

import io.stagedoor.security.QueueToken;
import io.stagedoor.security.QueueTokens;
import io.stagedoor.web.RejectedException;
import io.stagedoor.web.Rejection;

import org.springframework.stereotype.Service;

/** Entering, standing in and leaving a concert's line. */
@Service
class QueueService {

	private final QueueLine line;

	private final QueueTokens tokens;

	private final ConcertLookup concerts;

	private final LineStats stats;

	private final QueueProperties properties;

	private final QueueEntries entries;

	private final Clock clock;

	private final Reseats reseats;

	QueueService(QueueLine line, QueueTokens tokens, ConcertLookup concerts, LineStats stats,
			QueueProperties properties, QueueEntries entries, Clock clock, Reseats reseats) {
		this.reseats = reseats;
		this.clock = clock;
		this.line = line;
		this.tokens = tokens;
		this.concerts = concerts;
		this.stats = stats;
		this.properties = properties;
		this.entries = entries;
	}

	/**
	 * As {@link #enter(UUID, long)}, but when the user's {@code earlier} token (of this user and
	 * concert, verified; {@code null}: none) names an entry Redis lost, that entry is put back at
	 * the token's arrival number and returned with the same token (200), not a new one at the back.
	 */
	Mono<Issued> enter(UUID userId, long concertId, QueueToken earlier) {
		if (earlier == null) {
			return enter(userId, concertId);
		}
		return this.line.check(earlier, null)
			.filter(QueueLine.Standing::missing)
			.flatMap(missing -> this.reseats.reseat(earlier))
			.filter(QueueLine.Standing::live)
			.map(standing -> new Issued(false, view(QueueGate.caller(earlier, standing))))
			.switchIfEmpty(Mono.defer(() -> enter(userId, concertId)));
	}

	/**
	 * A new entry at the back (in the pre-queue before the concert's open time), or the user's live
	 * one (same place, same token id). A draining line makes no new entries.
	 */
	Mono<Issued> enter(UUID userId, long concertId) {
		// one pace for the estimate the entry is told and the one kept for ETA truth
		WaitEstimate.Pace pace = WaitEstimate.pace(this.stats.of(concertId), this.properties);
		return this.concerts.sale(concertId)
			.switchIfEmpty(Mono.error(() -> RejectedException.notFound("no concert " + concertId)))
			.flatMap(sale -> this.line.enter(concertId, userId, sale.opensAtMillis(), pace, null))
			.flatMap(entry -> releaseLapsed(concertId, userId, entry).thenReturn(entry))
			.map(entry -> {
				if (!entry.made()) {
					throw new RejectedException(Rejection.QUEUE_CLOSED,
							"concert " + concertId + " takes no new entries now (its line is draining)");
				}
				return issued(userId, concertId, entry, pace);
			});
	}

	private Mono<Void> releaseLapsed(long concertId, UUID userId, QueueLine.Entry entry) {
		return entry.clearedLapsed() ? this.entries.ended(concertId, List.of(userId), EntryEndedListener.Ending.LAPSED)
				: Mono.empty();
	}

	private Issued issued(UUID userId, long concertId, QueueLine.Entry entry, WaitEstimate.Pace pace) {
		String token = this.tokens.issue(userId, concertId, entry.arrival(), entry.tokenId());
		QueueToken verified = new QueueToken(userId, concertId, entry.arrival(), entry.tokenId(), token);
		Caller caller = new Caller(verified, entry.state(), entry.position(), entry.activeUntil(),
				entry.state() == QueueState.PRE_QUEUE ? entry.opensAt() : null);
		return new Issued(entry.created(), view(caller, pace));
	}

	Mono<QueueView> status(Caller caller) {
		return Mono.just(view(caller));
	}

	/** Leaves the line or gives the active slot back; its holds go at once. */
	Mono<Void> leave(Caller caller) {
		return this.entries.leave(caller.token())
			.flatMap(left -> left ? Mono.<Void>empty() : Mono.error(QueueGate.expired()));
	}

	QueueView view(Caller caller) {
		return view(caller, WaitEstimate.pace(this.stats.of(caller.concertId()), this.properties));
	}

	private QueueView view(Caller caller, WaitEstimate.Pace pace) {
		if (caller.state() == QueueState.ACTIVE) {
			WaitEstimate wait = WaitEstimate.active();
			return new QueueView(caller.token().value(), caller.userId(), caller.concertId(), caller.state(), null, 0L,
					wait.pollAfterMs(), caller.activeUntil(), null);
		}
		if (caller.state() == QueueState.PRE_QUEUE) {
			WaitEstimate wait = preQueue(caller.opensAt());
			return new QueueView(caller.token().value(), caller.userId(), caller.concertId(), caller.state(), null,
					wait.seconds(), wait.pollAfterMs(), null, caller.opensAt());
		}
		WaitEstimate wait = WaitEstimate.waiting(caller.position(), pace, this.properties);
		return new QueueView(caller.token().value(), caller.userId(), caller.concertId(), caller.state(),
				caller.position(), wait.seconds(), wait.pollAfterMs(), null, null);
	}

	WaitEstimate estimate(long concertId, long position) {
		return WaitEstimate.waiting(position, this.stats.of(concertId), this.properties);
	}

	/** Before the open: the time left until it, and a poll spread over the moments after it. */
	WaitEstimate preQueue(Instant opensAt) {
		return WaitEstimate.preQueue(Duration.between(this.clock.instant(), opensAt), this.properties);
	}

	/** A token issuance: {@code created} is false when the user's live entry was returned. */
	record Issued(boolean created, QueueView view) {
	}

	/**
	 * The body of issuance and status.
	 *
	 * @param position 1-based among the waiting; {@code null} once active
	 * @param estimatedWaitSeconds the expected wait; in the pre-queue the time until the open
	 * @param activeUntil when an active entry lapses unless used; only when active
	 * @param opensAt when the line opens; only in the pre-queue (an addition to the contract)
	 */
	record QueueView(String token, UUID userId, long concertId, QueueState status, Long position,
			Long estimatedWaitSeconds, long pollAfterMs, @JsonInclude(JsonInclude.Include.NON_NULL) Instant activeUntil,
			@JsonInclude(JsonInclude.Include.NON_NULL) Instant opensAt) {
	}

}
