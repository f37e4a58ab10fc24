/** Token buckets in Redis: issuance per client address and status polls per entry, used by the queue. */
@ApplicationModule(allowedDependencies = {})
package io.stagedoor.ratelimit;

import org.springframework.modulith.ApplicationModule;
