package io.stagedoor.support;

import org.junit.jupiter.api.AfterEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

/**
 * A test that runs the application as a child JVM (so it can be killed and started again) against
 * a test-owned redis-server and a side database of the suite's server; both the app and the Redis
 * are stopped after each test.
 */
public abstract class ChildAppTest extends IntegrationTest {

	@Autowired
	protected Environment env;

	protected OwnedRedis ownedRedis;

	protected ChildApp app;

	@AfterEach
	void stopChildAndOwnedRedis() {
		if (this.app != null) {
			this.app.close();
		}
		if (this.ownedRedis != null) {
			this.ownedRedis.close();
		}
	}

}
