/**
 * The operators' API and page: a concert's line controls (through the queue's {@code operations})
 * and its seat figures (through reservation's {@code figures}).
 */
@ApplicationModule(allowedDependencies = { "queue :: operations", "reservation :: figures" })
package io.stagedoor.admin;

import org.springframework.modulith.ApplicationModule;
