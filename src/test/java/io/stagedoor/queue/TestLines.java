package io.stagedoor.queue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.stagedoor.support.LuaScripts;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * A concert's line in Redis for the tests of other features (a seat hold passes the gate): its keys
 * from {@link QueueKeys} (package-private on purpose: other features' main code must not reach the
 * queue's keys), in the order the line's scripts declare them, and an entry made active by the line's
 * own scripts.
 */
public final class TestLines {

	private TestLines() {
	}

	/** The keys a script that passes the gate declares: waiting, active, seen, entries, deadlines, controls. */
	public static List<String> gateKeys(long concertId) {
		return QueueLine.gateKeys(concertId);
	}

	/** The hash tag every key of a concert's line starts with: its Redis Cluster slot. */
	public static String slotKey(long concertId) {
		return QueueKeys.tag(concertId);
	}

	/** The sorted set of a line's waiting users. */
	public static String waiting(long concertId) {
		return QueueKeys.waiting(concertId);
	}

	/** The hash of a line's runtime controls ({@code loaded} once the database's copy is in). */
	public static String controls(long concertId) {
		return QueueKeys.controls(concertId);
	}

	/** What every queue key starts with, up to its hash tag: no answer to a client may show it. */
	public static String keyStart() {
		String tag = QueueKeys.tag(0);
		return tag.substring(0, tag.indexOf('{') + 1);
	}

	/** Every key of a concert's line, to delete after a test. */
	public static List<String> allKeys(long concertId) {
		List<String> keys = new ArrayList<>(promoteKeys(concertId));
		keys.add(QueueKeys.sequence(concertId));
		return keys;
	}

	static List<String> enterKeys(long concertId) {
		List<String> keys = new ArrayList<>(QueueKeys.entryKeys(concertId));
		keys.add(QueueKeys.sequence(concertId));
		keys.add(QueueKeys.controls(concertId));
		keys.add(QueueKeys.etaRecords(concertId));
		keys.add(QueueKeys.ended(concertId));
		return keys;
	}

	static List<String> promoteKeys(long concertId) {
		List<String> keys = new ArrayList<>(QueueKeys.entryKeys(concertId));
		keys.add(QueueKeys.lastTick(concertId));
		keys.add(QueueKeys.admissions(concertId));
		keys.add(QueueKeys.controls(concertId));
		keys.add(QueueKeys.etaRecords(concertId));
		keys.add(QueueKeys.counts(concertId));
		keys.add(QueueKeys.turnover(concertId));
		keys.add(QueueKeys.departures(concertId));
		keys.add(QueueKeys.ended(concertId));
		return keys;
	}

	/**
	 * Enters the user in an open line and admits them with one tick at {@code now} (the line must have
	 * nobody else waiting); returns the entry's token id. Active until {@code now + activeTtl}.
	 */
	public static String admit(ReactiveStringRedisTemplate redis, long concertId, UUID user, long now, long activeTtl) {
		LuaScripts.runLong(redis, LineScriptTest.CONTROLS, List.of(QueueKeys.controls(concertId)), 0, 0, "", "", 0)
			.block();
		List<Object> entered = LuaScripts
			.run(redis, LineScriptTest.ENTER, enterKeys(concertId), user, UUID.randomUUID(), now, 0, "0.5", 0)
			.block();
		// a tick of its own, even in a slot that already ran
		redis.delete(QueueKeys.lastTick(concertId)).block();
		LuaScripts
			.run(redis, LineScriptTest.PROMOTE, promoteKeys(concertId), 1000, 1000, 100, 60_000, activeTtl,
					activeTtl * 10, 1000, now, 86_400_000, 1_000_000)
			.block();
		return LuaScripts.stringAt(entered, 1);
	}

}
