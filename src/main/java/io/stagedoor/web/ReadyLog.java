package io.stagedoor.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Tells the person who started the service where to find it, and what it runs against. */
@Component
class ReadyLog {

	private static final Logger log = LoggerFactory.getLogger(ReadyLog.class);

	@EventListener
	void ready(ApplicationReadyEvent event) {
		Environment env = event.getApplicationContext().getEnvironment();
		String port = env.getProperty("local.server.port", env.getProperty("server.port", "8080"));
		boolean embedded = env.getProperty("stagedoor.embedded.active", Boolean.class, false);
		log.info("Stagedoor is ready at http://localhost:{}/ (API docs at http://localhost:{}/docs){}", port, port,
				embedded ? "; embedded Redis at " + env.getProperty("spring.data.redis.url") + " and embedded MariaDB at "
						+ env.getProperty("spring.r2dbc.url") + ", with demo data and a DEV-ONLY token secret; operator page at "
						+ "http://localhost:" + port + "/admin with the DEV-ONLY admin key "
						+ env.getProperty("stagedoor.admin.key") : "");
	}

}
