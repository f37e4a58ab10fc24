/** Balances and their ledger: charged through the payment gateway, debited by payment ({@code Wallets}). */
@ApplicationModule(allowedDependencies = { "idempotency", "queue :: caller" })
package io.stagedoor.wallet;

import org.springframework.modulith.ApplicationModule;
