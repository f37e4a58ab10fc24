package io.stagedoor.reservation;

import org.springframework.modulith.NamedInterface;

/** A hold's life: held, then paid (confirmed), lapsed (expired) or released (cancelled). */
@NamedInterface("checkout")
public enum ReservationStatus {

	HELD, CONFIRMED, EXPIRED, CANCELLED

}
