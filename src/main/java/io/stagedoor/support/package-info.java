/**
 * Small shared helpers (Lua script loading, random ids, instants to and from the database): a
 * shared module that every feature may use, and that uses none.
 */
@ApplicationModule(allowedDependencies = {})
package io.stagedoor.support;

import org.springframework.modulith.ApplicationModule;
