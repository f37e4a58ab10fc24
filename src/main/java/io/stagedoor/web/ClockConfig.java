package io.stagedoor.web;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One clock for the JVM side, in UTC; the queue itself keeps time with Redis {@code TIME}. */
@Configuration(proxyBeanMethods = false)
class ClockConfig {

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		// milliseconds: what JSON shows is what the database keeps and reads back
		return Clock.tickMillis(java.time.ZoneOffset.UTC);
	}

}
