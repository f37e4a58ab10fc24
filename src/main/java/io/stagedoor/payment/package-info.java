/**
 * Payments: the step from held seats to tickets, through reservation's {@code checkout}, the
 * wallet's debit and the queue's {@code entries} (a paid token is spent). Nothing of it is public.
 */
@ApplicationModule(allowedDependencies = { "idempotency", "queue :: caller", "queue :: gate", "queue :: entries",
		"reservation :: checkout", "security :: token", "wallet" })
package io.stagedoor.payment;

import org.springframework.modulith.ApplicationModule;
