/**
 * Seat holds and their expiry, and the step from hold to ticket. Gives payment its
 * {@code checkout} and the operators its {@code figures}; its Redis holds, repository and keys are
 * package-private. Holds run behind the queue's {@code gate}, and end with the entries
 * ({@code entries}).
 */
@ApplicationModule(allowedDependencies = { "concert :: catalog", "concert :: seat-holds", "queue :: caller",
		"queue :: gate", "queue :: entries", "security :: token" })
package io.stagedoor.reservation;

import org.springframework.modulith.ApplicationModule;
