/**
 * {@code Idempotency-Key} records: the lease, answer and give-back of a retried request, for wallet
 * charges and payments.
 */
@ApplicationModule(allowedDependencies = {})
package io.stagedoor.idempotency;

import org.springframework.modulith.ApplicationModule;
