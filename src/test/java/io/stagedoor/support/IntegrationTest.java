package io.stagedoor.support;

import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.ActiveProfiles;

/**
 * A full flow over HTTP at a random port, against the real Redis and MariaDB (or the embedded
 * ones). Every test makes its own concert and users, so tests never see each other's data and the
 * shared servers need no cleaning.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
public abstract class IntegrationTest {

	@LocalServerPort
	protected int port;

	@Autowired
	protected DatabaseClient db;

	@Autowired
	protected ReactiveStringRedisTemplate redis;

	protected Api api;

	protected TestConcerts concerts;

	/** A number the database holds, by a query with one parameter {@code :p} naming it {@code n}. */
	protected long number(String sql, Object parameter) {
		return this.db.sql(sql).bind("p", parameter).map(row -> ((Number) row.get("n")).longValue()).first().block();
	}

	/** A reservation's status as stored, whatever a reader would see. */
	protected String storedStatus(String reservationId) {
		return this.db.sql("SELECT status FROM reservation WHERE id = :id")
			.bind("id", reservationId)
			.map(row -> row.get("status", String.class))
			.first()
			.block();
	}

	@BeforeEach
	void setUpApi() {
		this.api = new Api("http://127.0.0.1:" + this.port);
		this.concerts = new TestConcerts(this.db);
	}

}
