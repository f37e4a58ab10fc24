/**
 * The waiting line: token issuing, waiting and active entries, the admission tick, status and
 * the event stream. Other features see it through named interfaces only: {@code caller} (the
 * verified caller of an endpoint behind the gate), {@code gate} (a script run behind the gate in
 * the same Redis call), {@code entries} (ending entries, and being told when they end),
 * {@code operations} (the operators' controls) and {@code concerts} (what it needs of concerts,
 * implemented by the concert feature). Its keys, scripts, properties and line state are
 * package-private.
 */
@ApplicationModule(allowedDependencies = { "ratelimit", "security :: token", "security :: signing" })
package io.stagedoor.queue;

import org.springframework.modulith.ApplicationModule;
