package io.stagedoor.queue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import reactor.core.publisher.Mono;

import io.stagedoor.support.RandomIds;
import io.stagedoor.security.QueueToken;
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

	private static final RedisScript<List<Object>> GATE = LuaScripts.listScript("queue-gate.lua");

	private static final RedisScript<Long> LEAVE = LuaScripts.longScript("queue-leave.lua");

	private static final RedisScript<List<Object>> PROMOTE = LuaScripts.listScript("queue-promote.lua");

	private static final RedisScript<List<Object>> WATCH = LuaScripts.listScript("queue-watch.lua");

	private final ReactiveStringRedisTemplate redis;

	private final QueueProperties properties;

	QueueLine(ReactiveStringRedisTemplate redis, QueueProperties properties) {
		this.redis = redis;
		this.properties = properties;
	}

	Mono<Entry> enter(long concertId, UUID userId, Long now) {
		List<String> keys = new ArrayList<>(QueueKeys.entryKeys(concertId));
		keys.add(QueueKeys.sequence(concertId));
		return LuaScripts.run(this.redis, ENTER, keys, userId, RandomIds.uuid(), now).map(Entry::of);
	}

	Mono<Standing> check(QueueToken token, Long now) {
		return LuaScripts
			.run(this.redis, GATE, QueueKeys.entryKeys(token.concertId()), token.userId(), token.tokenId(),
					this.properties.activeTtl().toMillis(), now)
			.map(Standing::of);
	}

	/** Where each of many entries of one concert stands, in one call, in the order given. */
	Mono<List<Standing>> watch(long concertId, List<QueueToken> tokens) {
		List<Object> args = new ArrayList<>(1 + 2 * tokens.size());
		args.add("");
		for (QueueToken token : tokens) {
			args.add(token.userId());
			args.add(token.tokenId());
		}
		return LuaScripts.run(this.redis, WATCH, QueueKeys.entryKeys(concertId).subList(0, 4), args.toArray())
			.map(reply -> {
				List<Standing> standings = new ArrayList<>(tokens.size());
				for (int i = 0; i < reply.size(); i += 2) {
					standings.add(Standing.of(LuaScripts.longAt(reply, i), LuaScripts.longAt(reply, i + 1)));
				}
				return standings;
			});
	}

	/** Ends the token's entry if it is still live: 0 not live, 1 was waiting, 2 was active. */
	Mono<Long> leave(QueueToken token) {
		return LuaScripts.runLong(this.redis, LEAVE, QueueKeys.entryKeys(token.concertId()), token.userId(),
				token.tokenId());
	}

	Mono<Tick> promote(long concertId, Long now) {
		List<String> keys = new ArrayList<>(QueueKeys.entryKeys(concertId));
		keys.add(QueueKeys.lastTick(concertId));
		keys.add(QueueKeys.admissions(concertId));
		QueueProperties p = this.properties;
		return LuaScripts
			.run(this.redis, PROMOTE, keys, p.maxActive(), p.admitPerTick(), p.tick().toMillis(),
					p.idleTimeout().toMillis(), p.activeTtl().toMillis(), p.activeMax().toMillis(), p.evictPerTick(), now)
			.map(reply -> Tick.of(concertId, reply));
	}

	/** A user's entry as the enter script left it. */
	record Entry(boolean created, String tokenId, long arrival, QueueState state, long position, Instant activeUntil,
			boolean clearedLapsed) {

		static Entry of(List<Object> r) {
			long until = LuaScripts.longAt(r, 5);
			return new Entry(LuaScripts.longAt(r, 0) == 1, LuaScripts.stringAt(r, 1), LuaScripts.longAt(r, 2),
					QueueState.valueOf(LuaScripts.stringAt(r, 3)), LuaScripts.longAt(r, 4),
					until == 0 ? null : Instant.ofEpochMilli(until), LuaScripts.longAt(r, 6) == 1);
		}

	}

	/** What the gate found: {@code state} is null when the entry is no longer live. */
	record Standing(QueueState state, long position, Instant activeUntil) {

		static Standing of(List<Object> r) {
			long code = LuaScripts.longAt(r, 0);
			return of(code, code == 2 ? LuaScripts.longAt(r, 2) : LuaScripts.longAt(r, 1));
		}

		/** From a state code (0 ended, 1 waiting, 2 active) and its position or active-until ms. */
		static Standing of(long code, long value) {
			if (code == 2) {
				return new Standing(QueueState.ACTIVE, 0, Instant.ofEpochMilli(value));
			}
			return (code == 1) ? new Standing(QueueState.WAITING, value, null) : new Standing(null, 0, null);
		}

		boolean live() {
			return this.state != null;
		}

	}

	/** One promotion call's outcome; {@code ran} is false when another call had this tick already. */
	record Tick(long concertId, boolean ran, long waiting, long active, double admittedPerSecond, List<UUID> admitted,
			List<UUID> lapsed) {

		static Tick of(long concertId, List<Object> r) {
			int admittedCount = (int) LuaScripts.longAt(r, 4);
			int lapsedCount = (int) LuaScripts.longAt(r, 5);
			List<UUID> admitted = new ArrayList<>(admittedCount);
			List<UUID> lapsed = new ArrayList<>(lapsedCount);
			for (int i = 0; i < admittedCount; i++) {
				admitted.add(UUID.fromString(LuaScripts.stringAt(r, 6 + i)));
			}
			for (int i = 0; i < lapsedCount; i++) {
				lapsed.add(UUID.fromString(LuaScripts.stringAt(r, 6 + admittedCount + i)));
			}
			long rate = LuaScripts.longAt(r, 3);
			return new Tick(concertId, LuaScripts.longAt(r, 0) == 1, LuaScripts.longAt(r, 1), LuaScripts.longAt(r, 2),
					rate < 0 ? -1 : rate / 1000.0, admitted, lapsed);
		}

	}

}
