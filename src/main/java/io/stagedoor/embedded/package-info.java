/**
 * The embedded Redis and MariaDB of {@code ./mvnw spring-boot:run} and the tests; loaded by
 * Spring Boot itself ({@code META-INF/spring.factories}), used by no feature.
 */
@ApplicationModule(allowedDependencies = {})
package io.stagedoor.embedded;

import org.springframework.modulith.ApplicationModule;
