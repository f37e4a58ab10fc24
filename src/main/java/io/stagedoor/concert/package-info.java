/**
 * Concerts, their dates, seats and prices, and the seat map. Gives the queue its
 * {@code concerts} interface (the queue sits under every feature, so it depends on that
 * interface, which this feature implements) and reservation its {@code catalog}; asks reservation
 * for the held seats through {@code seat-holds}, declared here and implemented there. Its
 * endpoints take the queue's {@code caller}.
 */
@ApplicationModule(allowedDependencies = { "queue :: caller", "queue :: concerts" })
package io.stagedoor.concert;

import org.springframework.modulith.ApplicationModule;
