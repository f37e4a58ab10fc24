package io.stagedoor.reservation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import reactor.core.publisher.Mono;

import io.stagedoor.concert.SeatHoldView;
import io.stagedoor.queue.GatedScript;
import io.stagedoor.queue.QueueGate;
import io.stagedoor.security.QueueToken;
import io.stagedoor.support.LuaScripts;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Seat holds in Redis: who holds which seat (a key with a TTL, taken with {@code SET NX}), the
 * per-user hold limit, payments' claims and the sold markers. Every change is one Lua script.
 */
@Component
class SeatHolds implements SeatHoldView {

	private static final GatedScript HOLD = GatedScript.of("seat-hold.lua");

	private static final RedisScript<Long> RELEASE = LuaScripts.longScript("seat-release.lua");

	private static final RedisScript<List<Object>> CLAIM = LuaScripts.listScript("seat-claim.lua");

	private static final RedisScript<Long> UNCLAIM = LuaScripts.longScript("seat-unclaim.lua");

	private static final RedisScript<Long> SETTLE = LuaScripts.longScript("seat-settle.lua");

	private static final RedisScript<Long> LOAD_SOLD = LuaScripts.longScript("seat-load-sold.lua");

	private final ReactiveStringRedisTemplate redis;

	private final ReservationProperties properties;

	private final QueueGate gate;

	SeatHolds(ReactiveStringRedisTemplate redis, ReservationProperties properties, QueueGate gate) {
		this.redis = redis;
		this.properties = properties;
		this.gate = gate;
	}

	/**
	 * Takes the hold, passing the token through the gate in the same call; a token that is not active
	 * is refused by the gate.
	 */
	Mono<HoldAttempt> hold(Reservation r, QueueToken token, Long now) {
		List<String> keys = List.of(SeatKeys.hold(r.concertId(), r.date(), r.seatNo()),
				SeatKeys.userHolds(r.concertId(), r.userId()), SeatKeys.sold(r.concertId(), r.date()),
				SeatKeys.soldLoaded(r.concertId()));
		List<Object> args = Arrays.asList(r.id(), this.properties.holdTtl().toMillis(), this.properties.maxHolds(),
				r.seatNo(), now);
		return this.gate.run(HOLD, token, keys, args)
			.map(reply -> new HoldAttempt(HoldOutcome.of(LuaScripts.longAt(reply, 0)),
					Instant.ofEpochMilli(LuaScripts.longAt(reply, 1))));
	}

	/** True when released or already gone; false when a payment has claimed it. */
	Mono<Boolean> release(Reservation r) {
		List<String> keys = List.of(SeatKeys.hold(r.concertId(), r.date(), r.seatNo()),
				SeatKeys.userHolds(r.concertId(), r.userId()), SeatKeys.claim(r.concertId(), r.id()));
		return LuaScripts.runLong(this.redis, RELEASE, keys, r.id()).map(code -> code == 1);
	}

	@Override
	public Mono<Set<Integer>> heldSeats(long concertId, LocalDate date) {
		List<String> keys = new ArrayList<>(50);
		for (int seat = 1; seat <= 50; seat++) {
			keys.add(SeatKeys.hold(concertId, date, seat));
		}
		return this.redis.opsForValue().multiGet(keys).map(values -> {
			Set<Integer> held = new HashSet<>();
			for (int i = 0; i < values.size(); i++) {
				if (values.get(i) != null) {
					held.add(i + 1);
				}
			}
			return held;
		});
	}

	/**
	 * Claims the holds of one payment attempt (all of one concert and one user).
	 */
	Mono<Claim> claim(List<Reservation> holds, UUID attemptId) {
		List<String> keys = new ArrayList<>();
		List<Object> args = new ArrayList<>(List.of(attemptId, this.properties.claimTtl().toMillis(), ""));
		for (Reservation r : holds) {
			keys.add(SeatKeys.hold(r.concertId(), r.date(), r.seatNo()));
			keys.add(SeatKeys.claim(r.concertId(), r.id()));
			args.add(r.id());
		}
		return LuaScripts.run(this.redis, CLAIM, keys, args.toArray())
			.map(reply -> new Claim(ClaimOutcome.of(LuaScripts.longAt(reply, 0)),
					(int) LuaScripts.longAt(reply, 1) - 1, Instant.ofEpochMilli(LuaScripts.longAt(reply, 2))));
	}

	/** Gives an attempt's claims back after it failed; each hold keeps its own expiry. */
	Mono<Void> unclaim(List<Reservation> holds, UUID attemptId) {
		List<String> keys = new ArrayList<>();
		List<Object> args = new ArrayList<>(List.of(attemptId));
		for (Reservation r : holds) {
			keys.add(SeatKeys.hold(r.concertId(), r.date(), r.seatNo()));
			keys.add(SeatKeys.claim(r.concertId(), r.id()));
			args.add(r.id());
			args.add(r.expiresAt().toEpochMilli());
		}
		return LuaScripts.runLong(this.redis, UNCLAIM, keys, args.toArray()).then();
	}

	/** Marks paid seats sold for good and clears their holds and claims; idempotent. */
	Mono<Void> settle(List<Reservation> paid) {
		if (paid.isEmpty()) {
			return Mono.empty();
		}
		Reservation first = paid.get(0);
		List<String> keys = new ArrayList<>();
		List<Object> args = new ArrayList<>();
		for (Reservation r : paid) {
			keys.add(SeatKeys.hold(r.concertId(), r.date(), r.seatNo()));
			keys.add(SeatKeys.claim(r.concertId(), r.id()));
			keys.add(SeatKeys.sold(r.concertId(), r.date()));
			args.add(r.id());
			args.add(r.seatNo());
		}
		keys.add(SeatKeys.userHolds(first.concertId(), first.userId()));
		return LuaScripts.runLong(this.redis, SETTLE, keys, args.toArray()).then();
	}

	/** Rebuilds a concert's sold markers from the database's sold seats. */
	Mono<Void> loadSold(long concertId, List<Reservations.SoldSeat> sold) {
		Map<LocalDate, String> byDate = sold.stream()
			.collect(Collectors.groupingBy(Reservations.SoldSeat::date, TreeMap::new,
					Collectors.mapping(s -> Integer.toString(s.seatNo()), Collectors.joining(","))));
		List<String> keys = new ArrayList<>();
		keys.add(SeatKeys.soldLoaded(concertId));
		byDate.keySet().forEach(date -> keys.add(SeatKeys.sold(concertId, date)));
		return LuaScripts.runLong(this.redis, LOAD_SOLD, keys, byDate.values().toArray()).then();
	}

	record HoldAttempt(HoldOutcome outcome, Instant now) {
	}

	enum HoldOutcome {

		HELD, UNAVAILABLE, LIMIT, SOLD_MARKERS_MISSING;

		static HoldOutcome of(long code) {
			return switch ((int) code) {
				case 1 -> HELD;
				case -1 -> UNAVAILABLE;
				case -2 -> LIMIT;
				default -> SOLD_MARKERS_MISSING;
			};
		}

	}

	/**
	 * @param failedIndex the hold that stopped the claim, -1 when it succeeded
	 * @param at Redis time of the claim
	 */
	record Claim(ClaimOutcome outcome, int failedIndex, Instant at) {
	}

	enum ClaimOutcome {

		CLAIMED, IN_PROGRESS, LAPSED;

		static ClaimOutcome of(long code) {
			return (code == 1) ? CLAIMED : (code == -1) ? IN_PROGRESS : LAPSED;
		}

	}

}
