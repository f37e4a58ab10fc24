package io.stagedoor.queue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import reactor.core.publisher.Mono;

import io.stagedoor.ratelimit.RateLimiter;
import io.stagedoor.support.RandomIds;
import io.stagedoor.security.QueueToken;
import io.stagedoor.security.QueueTokens;
import io.stagedoor.support.LuaScripts;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * A concert's line in Redis. Each change is one Lua script, so no reader ever sees half of it and
 * several instances can run them at once; Redis {@code TIME} is the clock unless a test passes
 * {@code now} (the seam that lets a test move time).
 */
@Component
class QueueLine {

	private static final RedisScript<List<Object>> ENTER = LuaScripts.listScript("queue-enter.lua");

	/** The gate: queue-status.lua, with one token and no poll limit (or many, for the event streams). */
	private static final RedisScript<List<Object>> GATE = LuaScripts.listScript("queue-status.lua");

	private static final RedisScript<Long> LEAVE = LuaScripts.longScript("queue-leave.lua");

	private static final RedisScript<List<Object>> PROMOTE = LuaScripts.listScript("queue-promote.lua");

	private static final RedisScript<List<Object>> RESEAT = LuaScripts.listScript("queue-reseat.lua");

	/**
	 * Most ended entries a concert's record keeps (about 100 bytes each, so about 100 MB at worst);
	 * the tick also forgets those older than the token lifetime.
	 */
	static final int ENDED_KEPT = 1_000_000;


	private static final RedisScript<Long> CONTROLS = LuaScripts.longScript("queue-controls.lua");

	private final ReactiveStringRedisTemplate redis;

	private final QueueProperties properties;

	private final QueueTokens tokens;

	/** How long an ended entry is remembered: no token names it for longer. */
	private final long endedKeptMs;

	QueueLine(ReactiveStringRedisTemplate redis, QueueProperties properties, QueueTokens tokens) {
		this.redis = redis;
		this.properties = properties;
		this.tokens = tokens;
		this.endedKeptMs = tokens.lifetime().toMillis();
	}

	/**
	 * Enters the line (or finds the user's live entry).
	 * @param opensAt the concert's open time in epoch ms, 0 when open from the start
	 * @param pace the pace behind the wait estimate this entry is given, kept so the estimate can be
	 * compared with the real wait at admission (a rate of 0 keeps nothing)
	 */
	Mono<Entry> enter(long concertId, UUID userId, long opensAt, WaitEstimate.Pace pace, Long now) {
		List<String> keys = new ArrayList<>(QueueKeys.entryKeys(concertId));
		keys.add(QueueKeys.sequence(concertId));
		keys.add(QueueKeys.controls(concertId));
		keys.add(QueueKeys.etaRecords(concertId));
		keys.add(QueueKeys.ended(concertId));
		// a pre-queue entry's draw is worked out from its token id, so a re-seat can work it out again
		String tokenId = RandomIds.uuid().toString();
		return LuaScripts
			.run(this.redis, ENTER, keys, userId, tokenId, now, opensAt, this.tokens.draw(tokenId),
					Math.round(pace.freeingPerSecond() * 1000), pace.free())
			.map(Entry::of);
	}

	Mono<Standing> check(QueueToken token, Long now) {
		return gate(token.concertId(), List.of(token), 0, 0, now).map(reply -> standings(reply).get(0));
	}

	/**
	 * The gate's script for tokens of one concert: per token, in order, a state code and its value
	 * ({@code queue-status.lua}). With {@code pollsPerSecond} above 0 each token also takes a poll from
	 * its user's bucket (code 4: refused).
	 */
	Mono<List<Object>> gate(long concertId, List<QueueToken> tokens, double pollsPerSecond, int pollBurst, Long now) {
		List<String> keys = new ArrayList<>(gateKeys(concertId));
		Object[] args = new Object[4 + 2 * tokens.size()];
		args[0] = this.properties.activeTtl().toMillis();
		args[1] = pollsPerSecond;
		args[2] = pollBurst;
		args[3] = now;
		for (int i = 0; i < tokens.size(); i++) {
			QueueToken token = tokens.get(i);
			args[4 + 2 * i] = token.userId();
			args[5 + 2 * i] = token.tokenId();
			if (pollsPerSecond > 0) {
				keys.add(RateLimiter.pollBucket(concertId, token.userId()));
			}
		}
		return LuaScripts.run(this.redis, GATE, keys, args);
	}

	/**
	 * A script behind the gate ({@link GatedScript}): its own keys and arguments, then the gate's keys
	 * and the token's user, token id and active ttl.
	 */
	Mono<List<Object>> gated(RedisScript<List<Object>> script, QueueToken token, List<String> ownKeys,
			List<Object> ownArgs) {
		List<String> keys = new ArrayList<>(ownKeys);
		keys.addAll(gateKeys(token.concertId()));
		List<Object> args = new ArrayList<>(ownArgs);
		args.add(token.userId());
		args.add(token.tokenId());
		args.add(this.properties.activeTtl().toMillis());
		return LuaScripts.run(this.redis, script, keys, args.toArray());
	}

	private static List<Standing> standings(List<Object> reply) {
		List<Standing> standings = new ArrayList<>(reply.size() / 2);
		for (int i = 0; i < reply.size(); i += 2) {
			standings.add(Standing.of(LuaScripts.longAt(reply, i), LuaScripts.longAt(reply, i + 1)));
		}
		return standings;
	}

	/**
	 * The keys the gate reads, in order (queue-status.lua before any poll buckets, and every gated
	 * script after its own): the entry's state, the controls and the record of ended entries.
	 */
	static List<String> gateKeys(long concertId) {
		List<String> keys = new ArrayList<>(QueueKeys.entryKeys(concertId));
		keys.add(QueueKeys.controls(concertId));
		keys.add(QueueKeys.ended(concertId));
		return List.copyOf(keys);
	}

	/**
	 * Puts back the token's entry that Redis lost, at the arrival number it carries (queue-reseat.lua),
	 * unless it ended (a pre-queue token, arrival 0, at its draw score); with {@code spent} it records
	 * the token as ended instead.
	 */
	Mono<Reseat> reseat(QueueToken token, boolean spent, Long now) {
		double draw = this.tokens.draw(token.tokenId());
		long concertId = token.concertId();
		List<String> keys = new ArrayList<>(gateKeys(concertId));
		keys.add(QueueKeys.sequence(concertId));
		keys.add(QueueKeys.etaRecords(concertId));
		return LuaScripts
			.run(this.redis, RESEAT, keys, token.userId(), token.tokenId(), token.arrival(), draw, spent ? 1 : 0,
					this.properties.activeTtl().toMillis(), now)
			.map(reply -> new Reseat(LuaScripts.longAt(reply, 0) == 1,
					Standing.of(LuaScripts.longAt(reply, 1), LuaScripts.longAt(reply, 2))));
	}

	/** A re-seat's outcome: whether the entry was put back, and where it stands after it. */
	record Reseat(boolean reseated, Standing standing) {
	}

	/**
	 * Where each of many entries of one concert stands, in one call, in the order given: the gate's
	 * script with many tokens and no poll limit (an open stream is presence, like a poll).
	 */
	Mono<List<Standing>> watch(long concertId, List<QueueToken> tokens) {
		return gate(concertId, tokens, 0, 0, null).map(QueueLine::standings);
	}

	/**
	 * Ends the token's entry if it is still live: 0 not live, 1 was waiting, 2 was active.
	 * @param abandoned true when the user gave up (counted in the line's totals), false when spent
	 */
	Mono<Long> leave(QueueToken token, boolean abandoned) {
		List<String> keys = new ArrayList<>(QueueKeys.entryKeys(token.concertId()));
		keys.add(QueueKeys.etaRecords(token.concertId()));
		keys.add(QueueKeys.counts(token.concertId()));
		keys.add(QueueKeys.ended(token.concertId()));
		return LuaScripts.runLong(this.redis, LEAVE, keys, token.userId(), token.tokenId(),
				abandoned ? "left" : "spent", null);
	}

	Mono<Tick> promote(long concertId, Long now) {
		List<String> keys = new ArrayList<>(QueueKeys.entryKeys(concertId));
		keys.add(QueueKeys.lastTick(concertId));
		keys.add(QueueKeys.admissions(concertId));
		keys.add(QueueKeys.controls(concertId));
		keys.add(QueueKeys.etaRecords(concertId));
		keys.add(QueueKeys.counts(concertId));
		keys.add(QueueKeys.turnover(concertId));
		keys.add(QueueKeys.departures(concertId));
		keys.add(QueueKeys.ended(concertId));
		QueueProperties p = this.properties;
		return LuaScripts
			.run(this.redis, PROMOTE, keys, p.maxActive(), p.admitPerTick(), p.tick().toMillis(),
					p.idleTimeout().toMillis(), p.activeTtl().toMillis(), p.activeMax().toMillis(), p.evictPerTick(), now,
					this.endedKeptMs, ENDED_KEPT)
			.map(reply -> Tick.of(concertId, reply));
	}

	/** Writes a concert's runtime controls to Redis; every instance's next tick reads them. */
	Mono<Void> setControls(long concertId, LineControls controls, long opensAt) {
		return LuaScripts
			.runLong(this.redis, CONTROLS, List.of(QueueKeys.controls(concertId)), controls.paused() ? 1 : 0,
					controls.draining() ? 1 : 0, controls.maxActive(), controls.admitPerTick(), opensAt)
			.then();
	}

	/** The line's running totals (admitted, idle, lapsed, left) across every instance. */
	Mono<Map<String, Long>> counts(long concertId) {
		return this.redis.<String, String>opsForHash()
			.entries(QueueKeys.counts(concertId))
			.collectMap(Map.Entry::getKey, e -> Long.parseLong(e.getValue()));
	}

	/** The controls in force as Redis holds them (what the next tick reads), empty when not loaded. */
	Mono<LineControls> controls(long concertId) {
		return this.redis.<String, String>opsForHash()
			.entries(QueueKeys.controls(concertId))
			.collectMap(Map.Entry::getKey, Map.Entry::getValue)
			.filter(c -> "1".equals(c.get("loaded")))
			.map(c -> new LineControls("1".equals(c.get("paused")), "1".equals(c.get("draining")),
					c.containsKey("maxActive") ? Integer.valueOf(c.get("maxActive")) : null,
					c.containsKey("admitPerTick") ? Integer.valueOf(c.get("admitPerTick")) : null));
	}

	/** A user's entry as the enter script left it. */
	record Entry(boolean created, String tokenId, long arrival, QueueState state, long position, Instant activeUntil,
			boolean clearedLapsed, Instant opensAt) {

		static Entry of(List<Object> r) {
			long until = LuaScripts.longAt(r, 5);
			long opens = LuaScripts.longAt(r, 7);
			String state = LuaScripts.stringAt(r, 3);
			return new Entry(LuaScripts.longAt(r, 0) == 1, LuaScripts.stringAt(r, 1), LuaScripts.longAt(r, 2),
					"CLOSED".equals(state) ? null : QueueState.valueOf(state), LuaScripts.longAt(r, 4),
					until == 0 ? null : Instant.ofEpochMilli(until), LuaScripts.longAt(r, 6) == 1,
					opens == 0 ? null : Instant.ofEpochMilli(opens));
		}

		/** False when the line is draining and this user had no live entry: nothing was made. */
		boolean made() {
			return this.state != null;
		}

	}

	/**
	 * What the gate found: {@code state} is null when the entry is no longer live; {@code at} is
	 * when an active entry lapses, or when a pre-queue opens; {@code missing} when Redis does not know
	 * the entry and the token is not recorded as ended (a candidate for {@link #reseat}).
	 */
	record Standing(QueueState state, long position, Instant at, boolean missing) {

		/** From a state code (0 ended, 1 waiting, 2 active, 3 pre-queue, 5 missing) and its position or time. */
		static Standing of(long code, long value) {
			return switch ((int) code) {
				case 1 -> new Standing(QueueState.WAITING, value, null, false);
				case 2 -> new Standing(QueueState.ACTIVE, 0, Instant.ofEpochMilli(value), false);
				case 3 -> new Standing(QueueState.PRE_QUEUE, 0, Instant.ofEpochMilli(value), false);
				case 5 -> new Standing(null, 0, null, true);
				default -> new Standing(null, 0, null, false);
			};
		}

		boolean live() {
			return this.state != null;
		}

	}

	/**
	 * One promotion call's outcome; {@code ran} is false when another call had this tick already (or
	 * the controls were not loaded, {@code loaded} false). {@code etaRecords} holds, per admitted
	 * user, the wait estimate kept at entry ({@code null} where none was kept). {@code turnover} is
	 * what the line measured of its departures (the same on every instance).
	 */
	record Tick(long concertId, boolean ran, long waiting, long active, double admittedPerSecond, List<UUID> admitted,
			List<UUID> lapsed, int idle, boolean loaded, boolean paused, boolean draining, int maxActive,
			int admitPerTick, Instant opensAt, Instant now, List<EtaRecord> etaRecords, Turnover turnover) {

		private static final int HEADER = 14;

		private static final int TRAILER = 4;

		static Tick of(long concertId, List<Object> r) {
			int admittedCount = (int) LuaScripts.longAt(r, 4);
			int lapsedCount = (int) LuaScripts.longAt(r, 5);
			List<UUID> admitted = new ArrayList<>(admittedCount);
			List<UUID> lapsed = new ArrayList<>(lapsedCount);
			List<EtaRecord> records = new ArrayList<>(admittedCount);
			for (int i = 0; i < admittedCount; i++) {
				admitted.add(UUID.fromString(LuaScripts.stringAt(r, HEADER + i)));
				records.add(EtaRecord.parse(LuaScripts.stringAt(r, HEADER + admittedCount + lapsedCount + i)));
			}
			for (int i = 0; i < lapsedCount; i++) {
				lapsed.add(UUID.fromString(LuaScripts.stringAt(r, HEADER + admittedCount + i)));
			}
			long rate = LuaScripts.longAt(r, 3);
			long opens = LuaScripts.longAt(r, 12);
			int t = r.size() - TRAILER;
			long opened = LuaScripts.longAt(r, t + 3);
			Turnover turnover = new Turnover(LuaScripts.longAt(r, t), LuaScripts.longAt(r, t + 1),
					LuaScripts.longAt(r, t + 2), opened == 0 ? null : Instant.ofEpochMilli(opened));
			return new Tick(concertId, LuaScripts.longAt(r, 0) == 1, LuaScripts.longAt(r, 1), LuaScripts.longAt(r, 2),
					rate < 0 ? -1 : rate / 1000.0, admitted, lapsed, (int) LuaScripts.longAt(r, 6),
					LuaScripts.longAt(r, 7) == 1, LuaScripts.longAt(r, 8) == 1, LuaScripts.longAt(r, 9) == 1,
					(int) LuaScripts.longAt(r, 10), (int) LuaScripts.longAt(r, 11),
					opens == 0 ? null : Instant.ofEpochMilli(opens), Instant.ofEpochMilli(LuaScripts.longAt(r, 13)),
					records, turnover);
		}

		/** True while the line is before its open time. */
		boolean preQueue() {
			return this.opensAt != null && this.now.isBefore(this.opensAt);
		}

	}

	/**
	 * The departures from the active set as the line measured them over the last minute (from its
	 * first departure on): {@code departed} users, while its slots were occupied {@code occupiedMs}
	 * slot-milliseconds in all; {@code shortestStayMs} the time from the first admission to the first
	 * departure (to now while nobody has left; 0 before any admission); {@code opened} the first tick
	 * that found someone waiting in the open line ({@code null} before).
	 */
	record Turnover(long departed, long occupiedMs, long shortestStayMs, Instant opened) {

		static final Turnover NONE = new Turnover(0, 0, 0, null);

	}

	/**
	 * The wait estimate an entry was given: when, at which position, at which pace (the slots freed
	 * per second and the slots free then; a record kept before the free slots were, has none).
	 */
	record EtaRecord(Instant entered, long position, double rate, long free) {

		static EtaRecord parse(String text) {
			String[] parts = text.split(":");
			if (parts.length != 3 && parts.length != 4) {
				return null;
			}
			return new EtaRecord(Instant.ofEpochMilli(Long.parseLong(parts[0])), Long.parseLong(parts[1]),
					Long.parseLong(parts[2]) / 1000.0, parts.length == 4 ? Long.parseLong(parts[3]) : 0);
		}

	}

}
