package io.stagedoor.queue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;

import io.stagedoor.support.LuaScripts;
import io.stagedoor.support.ScriptTest;

import org.springframework.data.redis.core.script.RedisScript;

/**
 * The line's scripts called as {@link QueueLine} calls them (keys from {@link QueueKeys} in the order
 * each script declares), with {@code now} given: a fresh concert per test, its controls loaded.
 */
abstract class LineScriptTest extends ScriptTest {

	static final RedisScript<List<Object>> ENTER = LuaScripts.listScript("queue-enter.lua");

	static final RedisScript<Long> LEAVE = LuaScripts.longScript("queue-leave.lua");

	static final RedisScript<List<Object>> PROMOTE = LuaScripts.listScript("queue-promote.lua");

	static final RedisScript<List<Object>> STATUS = LuaScripts.listScript("queue-status.lua");

	static final RedisScript<Long> CONTROLS = LuaScripts.longScript("queue-controls.lua");

	static final long T0 = 1_800_000_000_000L;

	static final long TICK = 100;

	static final long IDLE = 60_000;

	static final long ACTIVE_TTL = 120_000;

	static final long ACTIVE_MAX = 300_000;

	/** How long the record of ended entries keeps one (the token lifetime). */
	static final long ENDED_FOR = 86_400_000;

	final long concert = freshConcert();

	@BeforeEach
	void loadDefaultControls() {
		controls(false, false, "", "", 0);
	}

	/** Sets the controls as the admin and the ticker do. */
	long controls(boolean paused, boolean draining, String maxActive, String admitPerTick, long opensAt) {
		return runLong(CONTROLS, List.of(QueueKeys.controls(this.concert)), paused ? 1 : 0, draining ? 1 : 0, maxActive,
				admitPerTick, opensAt);
	}

	/** Enters the line: {created, token id, arrival, state, position, until, cleared, opensAt}. */
	List<Object> enter(UUID user, long now, long opensAt) {
		return run(ENTER, TestLines.enterKeys(this.concert), user, UUID.randomUUID(), now, opensAt, "0.5", 2000);
	}

	static String tokenId(List<Object> entered) {
		return LuaScripts.stringAt(entered, 1);
	}

	/** Ends the entry: 0 not live, 1 was waiting, 2 was active. */
	long leave(UUID user, String tokenId, String why) {
		return leave(user, tokenId, why, "");
	}

	/** Ends the entry at {@code now} ('' = Redis TIME): 0 not live, 1 was waiting, 2 was active. */
	long leave(UUID user, String tokenId, String why, Object now) {
		List<String> keys = new ArrayList<>(QueueKeys.entryKeys(this.concert));
		keys.add(QueueKeys.etaRecords(this.concert));
		keys.add(QueueKeys.counts(this.concert));
		keys.add(QueueKeys.ended(this.concert));
		return runLong(LEAVE, keys, user, tokenId, why, now);
	}

	/** One tick with max-active and admit-per-tick as given (unless the controls say otherwise). */
	List<Object> promote(int maxActive, int perTick, long now) {
		return run(PROMOTE, TestLines.promoteKeys(this.concert), maxActive, perTick, TICK, IDLE, ACTIVE_TTL, ACTIVE_MAX,
				1000, now, ENDED_FOR, 1_000_000);
	}

	/** The users a tick admitted, from its reply. */
	static List<String> admitted(List<Object> tick) {
		int count = (int) longAt(tick, 4);
		List<String> users = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			users.add(LuaScripts.stringAt(tick, 14 + i));
		}
		return users;
	}

	/** The users whose active time a tick ended, from its reply. */
	static List<String> lapsed(List<Object> tick) {
		int admittedCount = (int) longAt(tick, 4);
		int count = (int) longAt(tick, 5);
		List<String> users = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			users.add(LuaScripts.stringAt(tick, 14 + admittedCount + i));
		}
		return users;
	}

	/** The gate for one token, no poll limit: {state, value}. */
	List<Object> status(UUID user, String tokenId, long now) {
		return run(STATUS, QueueLine.gateKeys(this.concert), ACTIVE_TTL, 0, 0, now, user, tokenId);
	}

	/** Whether the user still shows anywhere in the line's entry keys. */
	boolean anyTraceOf(UUID user) {
		String u = user.toString();
		return this.redis.opsForZSet().score(QueueKeys.waiting(this.concert), u).hasElement().block()
				|| this.redis.opsForZSet().score(QueueKeys.active(this.concert), u).hasElement().block()
				|| this.redis.opsForZSet().score(QueueKeys.seen(this.concert), u).hasElement().block()
				|| this.redis.opsForHash().hasKey(QueueKeys.entries(this.concert), u).block()
				|| this.redis.opsForHash().hasKey(QueueKeys.deadlines(this.concert), u).block()
				|| this.redis.opsForHash().hasKey(QueueKeys.etaRecords(this.concert), u).block();
	}

	/** Enters a user and admits them in one tick of an empty, loaded line; returns the token id. */
	String admit(UUID user, long now) {
		String tokenId = tokenId(enter(user, now, 0));
		promote(1000, 1000, now);
		return tokenId;
	}

}
