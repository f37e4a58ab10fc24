package io.stagedoor.reservation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.springframework.modulith.NamedInterface;

/**
 * One seat hold and what became of it.
 *
 * @param status as stored; {@link #statusAt(Instant)} is what a reader sees
 */
@NamedInterface("checkout")
public record Reservation(UUID id, UUID userId, long concertId, LocalDate date, int seatNo, long price,
		ReservationStatus status, Instant createdAt, Instant expiresAt, UUID paymentId) {

	/** A stored {@code HELD} past its expiry reads {@code EXPIRED} from that moment on. */
	public ReservationStatus statusAt(Instant now) {
		if (this.status == ReservationStatus.HELD && !now.isBefore(this.expiresAt)) {
			return ReservationStatus.EXPIRED;
		}
		return this.status;
	}

	public Reservation withStatus(ReservationStatus status) {
		return new Reservation(this.id, this.userId, this.concertId, this.date, this.seatNo, this.price, status,
				this.createdAt, this.expiresAt, this.paymentId);
	}

}
