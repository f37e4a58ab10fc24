package io.stagedoor.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.stagedoor.security.QueueToken;

import org.springframework.stereotype.Component;

/**
 * Follows many entries' standing for the event streams of this instance at the cost of a few: per
 * concert, one shared tick reads every followed entry's state in one script call (in chunks of
 * {@link #CHUNK}) and multicasts the result; each stream picks its own entry out of it.
 * <ul>
 * <li>Redis calls per tick: one per concert and chunk, not one per stream.</li>
 * <li>A slow client never holds the others back nor memory: each stream keeps only the latest
 * snapshot it has not yet taken ({@code onBackpressureLatest}), and snapshots are shared.</li>
 * <li>A stream that ends (completed, cancelled, client gone) stops being followed; the last one of a
 * concert stops that concert's tick.</li>
 * </ul>
 */
@Component
class LineWatch {

	private static final Logger log = LoggerFactory.getLogger(LineWatch.class);

	/** Most entries read by one script call, so one call stays short. */
	static final int CHUNK = 5000;

	private final QueueLine line;

	private final QueueProperties properties;

	private final MeterRegistry metrics;

	private final Map<Long, ConcertWatch> concerts = new ConcurrentHashMap<>();

	private final Flux<Long> heartbeats;

	LineWatch(QueueLine line, QueueProperties properties, MeterRegistry metrics) {
		this.line = line;
		this.properties = properties;
		this.metrics = metrics;
		this.heartbeats = Flux.interval(QueueEventsController.HEARTBEAT).share();
	}

	/** The standing of the token's entry, once a tick, as long as the subscriber stays. */
	Flux<QueueLine.Standing> follow(QueueToken token) {
		ConcertWatch watch = this.concerts.computeIfAbsent(token.concertId(), ConcertWatch::new);
		String key = token.userId() + ":" + token.tokenId();
		return Flux.defer(() -> {
			watch.add(key, token);
			return watch.snapshots.onBackpressureLatest().mapNotNull(snapshot -> snapshot.get(key));
		}).doFinally(signal -> watch.remove(key));
	}

	/** One shared heartbeat for all streams. */
	Flux<Long> heartbeats() {
		return this.heartbeats;
	}

	/** Open streams being followed for a concert (two tabs of one entry count once). */
	int followed(long concertId) {
		ConcertWatch watch = this.concerts.get(concertId);
		return (watch != null) ? watch.followed.size() : 0;
	}

	private final class ConcertWatch {

		private final long concertId;

		private final Map<String, Followed> followed = new ConcurrentHashMap<>();

		private final Flux<Map<String, QueueLine.Standing>> snapshots;

		private final Counter calls;

		ConcertWatch(long concertId) {
			this.concertId = concertId;
			this.calls = Counter.builder("stagedoor.queue.watch.calls")
				.description("script calls made to follow event streams' entries")
				.tag("concert", Long.toString(concertId))
				.register(LineWatch.this.metrics);
			this.snapshots = Flux.interval(LineWatch.this.properties.tick())
				.onBackpressureDrop()
				.concatMap(tick -> read(), 1)
				.publish()
				.refCount(1, Duration.ofSeconds(1));
		}

		void add(String key, QueueToken token) {
			this.followed.compute(key, (k, f) -> (f == null) ? new Followed(token) : f.more());
		}

		void remove(String key) {
			this.followed.computeIfPresent(key, (k, f) -> f.less());
		}

		private Mono<Map<String, QueueLine.Standing>> read() {
			List<Map.Entry<String, Followed>> all = new ArrayList<>(this.followed.entrySet());
			if (all.isEmpty()) {
				return Mono.empty();
			}
			return Flux.fromIterable(chunks(all)).concatMap(chunk -> {
				this.calls.increment();
				List<QueueToken> tokens = chunk.stream().map(e -> e.getValue().token()).toList();
				return LineWatch.this.line.watch(this.concertId, tokens).map(standings -> {
					Map<String, QueueLine.Standing> part = new HashMap<>(chunk.size() * 2);
					for (int i = 0; i < chunk.size(); i++) {
						part.put(chunk.get(i).getKey(), standings.get(i));
					}
					return part;
				});
			}).reduce((a, b) -> {
				a.putAll(b);
				return a;
			}).onErrorResume(ex -> {
				// a Redis hiccup skips this tick for every stream; they carry on at the next one
				log.debug("Line watch of concert {} skipped a tick: {}", this.concertId, ex.toString());
				return Mono.empty();
			});
		}

		private static <T> List<List<T>> chunks(List<T> all) {
			List<List<T>> chunks = new ArrayList<>();
			for (int from = 0; from < all.size(); from += CHUNK) {
				chunks.add(all.subList(from, Math.min(all.size(), from + CHUNK)));
			}
			return chunks;
		}

	}

	/** One followed entry and how many streams follow it. */
	private record Followed(QueueToken token, AtomicInteger streams) {

		Followed(QueueToken token) {
			this(token, new AtomicInteger(1));
		}

		Followed more() {
			this.streams.incrementAndGet();
			return this;
		}

		Followed less() {
			return (this.streams.decrementAndGet() == 0) ? null : this;
		}

	}

}
