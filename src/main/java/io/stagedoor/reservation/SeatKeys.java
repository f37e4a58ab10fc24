package io.stagedoor.reservation;

import java.time.LocalDate;
import java.util.UUID;

/**
 * The one home of the seat holds' Redis key names, each with the concert's hash tag so one
 * concert's scripts stay in one Redis Cluster slot.
 */
final class SeatKeys {

	private SeatKeys() {
	}

	private static String tag(long concertId) {
		return tag(Long.toString(concertId));
	}

	private static String tag(String concert) {
		return "seat:{" + concert + "}:";
	}

	/** The hold of one seat: value the reservation id, TTL the hold's time. */
	static String hold(long concertId, LocalDate date, int seatNo) {
		return hold(Long.toString(concertId), date.toString(), Integer.toString(seatNo));
	}

	/** A {@code SCAN MATCH} pattern of the holds of every seat of every concert. */
	static String everyHold() {
		return hold("*", "*", "*");
	}

	private static String hold(String concert, String date, String seatNo) {
		return tag(concert) + "hold:" + date + ":" + seatNo;
	}

	/** Sorted set of one user's live holds in a concert, scored by their expiry: the hold limit. */
	static String userHolds(long concertId, UUID userId) {
		return tag(concertId) + "holds:" + userId;
	}

	/** A payment attempt's claim on a hold. */
	static String claim(long concertId, UUID reservationId) {
		return claim(Long.toString(concertId), reservationId.toString());
	}

	/** A {@code SCAN MATCH} pattern of every payment attempt's claim in every concert. */
	static String everyClaim() {
		return claim("*", "*");
	}

	private static String claim(String concert, String reservationId) {
		return tag(concert) + "claim:" + reservationId;
	}

	/** Set of the sold seat numbers of a date: a sold seat is never held again. */
	static String sold(long concertId, LocalDate date) {
		return tag(concertId) + "sold:" + date;
	}

	/** Present while the sold sets mirror the database; gone after Redis lost its data. */
	static String soldLoaded(long concertId) {
		return tag(concertId) + "sold-loaded";
	}

}
