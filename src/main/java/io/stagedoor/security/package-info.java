/**
 * Queue tokens (JWT) and sellers' signed entries. Every feature behind the gate sees the verified
 * {@code token}; only the queue, which issues and checks them, uses {@code signing}.
 */
@ApplicationModule(allowedDependencies = {})
package io.stagedoor.security;

import org.springframework.modulith.ApplicationModule;
