package io.stagedoor.reservation;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.stagedoor.support.LuaScripts;
import io.stagedoor.support.ScriptTest;

import org.springframework.data.redis.core.script.RedisScript;

/**
 * The seat scripts called as {@link SeatHolds} calls them (keys from {@link SeatKeys}), on a fresh
 * concert per test. A hold's own TTL is Redis's clock, so {@code now} starts at the real time and
 * moves forward from there.
 */
abstract class SeatScriptTest extends ScriptTest {

	static final RedisScript<List<Object>> HOLD = LuaScripts.listScript("seat-hold.lua");

	static final RedisScript<Long> RELEASE = LuaScripts.longScript("seat-release.lua");

	static final RedisScript<List<Object>> CLAIM = LuaScripts.listScript("seat-claim.lua");

	static final RedisScript<Long> UNCLAIM = LuaScripts.longScript("seat-unclaim.lua");

	static final RedisScript<Long> SETTLE = LuaScripts.longScript("seat-settle.lua");

	static final RedisScript<Long> LOAD_SOLD = LuaScripts.longScript("seat-load-sold.lua");

	static final long HOLD_TTL = 60_000;

	final long concert = freshConcert();

	final LocalDate date = LocalDate.of(2030, 5, 17);

	final long now = System.currentTimeMillis();

	String hold(int seat) {
		return key(SeatKeys.hold(this.concert, this.date, seat));
	}

	String claim(UUID reservation) {
		return key(SeatKeys.claim(this.concert, reservation));
	}

	String userHolds(UUID user) {
		return key(SeatKeys.userHolds(this.concert, user));
	}

	String sold() {
		return key(SeatKeys.sold(this.concert, this.date));
	}

	/** Marks the given seats sold, as after a start or a Redis that lost its data. */
	long loadSold(String seats) {
		return runLong(LOAD_SOLD, List.of(SeatKeys.soldLoaded(this.concert), SeatKeys.sold(this.concert, this.date)),
				seats);
	}

	/** A hold written as the hold script leaves it: the seat's key and the user's set of holds. */
	void held(UUID user, int seat, UUID reservation, long ttl) {
		this.redis.opsForValue().set(hold(seat), reservation.toString(), java.time.Duration.ofMillis(ttl)).block();
		this.redis.opsForZSet().add(userHolds(user), reservation.toString(), this.now + ttl).block();
	}

	List<Object> claimAll(UUID attempt, long claimTtl, List<Integer> seats, List<UUID> reservations) {
		List<String> keys = new ArrayList<>();
		List<Object> args = new ArrayList<>(List.of(attempt, claimTtl, this.now));
		for (int i = 0; i < seats.size(); i++) {
			keys.add(hold(seats.get(i)));
			keys.add(claim(reservations.get(i)));
			args.add(reservations.get(i));
		}
		return run(CLAIM, keys, args.toArray());
	}

	String value(String key) {
		return this.redis.opsForValue().get(key).block();
	}

}
