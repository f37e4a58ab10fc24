package io.stagedoor.reservation;

/** A hold's life: held, then paid (confirmed), lapsed (expired) or released (cancelled). */
public enum ReservationStatus {

	HELD, CONFIRMED, EXPIRED, CANCELLED

}
