package io.stagedoor.concert;

import java.time.LocalDate;
import java.util.Set;

import reactor.core.publisher.Mono;

import org.springframework.modulith.NamedInterface;

/**
 * Which seats of a date are held right now, given by the reservation feature (holds live in
 * Redis). The seat map merges it with the sold seats of the database.
 */
@NamedInterface("seat-holds")
public interface SeatHoldView {

	Mono<Set<Integer>> heldSeats(long concertId, LocalDate date);

}
