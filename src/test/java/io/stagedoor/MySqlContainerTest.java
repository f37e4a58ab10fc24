package io.stagedoor;

import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mysql.MySQLContainer;

import io.stagedoor.support.Api;
import io.stagedoor.support.Api.User;
import io.stagedoor.support.TestConcerts;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The flow against MySQL 8 as docker compose runs it. Skipped where no Docker engine runs (it logs
 * one ERROR line from Testcontainers' probe then).
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class MySqlContainerTest {

	@Container
	static final MySQLContainer MYSQL = new MySQLContainer("mysql:8.0").withDatabaseName("stagedoor")
		.withCommand("--default-authentication-plugin=mysql_native_password");

	@DynamicPropertySource
	static void mysql(DynamicPropertyRegistry registry) {
		registry.add("spring.r2dbc.url",
				() -> "r2dbc:mysql://" + MYSQL.getHost() + ":" + MYSQL.getMappedPort(3306) + "/stagedoor");
		registry.add("spring.r2dbc.username", MYSQL::getUsername);
		registry.add("spring.r2dbc.password", MYSQL::getPassword);
		registry.add("spring.flyway.url", () -> "jdbc:mariadb://" + MYSQL.getHost() + ":" + MYSQL.getMappedPort(3306)
				+ "/stagedoor?allowPublicKeyRetrieval=true");
	}

	@LocalServerPort
	int port;

	@Autowired
	DatabaseClient db;

	@Test
	void holdChargeAndPayOnMySql8() {
		Api api = new Api("http://127.0.0.1:" + this.port);
		TestConcerts.Concert concert = new TestConcerts(this.db).create();
		User user = api.activeUser(concert.id());
		String reservationId = api.hold(user, concert.id(), concert.date(), 1).field("reservationId");
		api.charge(user, TestConcerts.price(1));
		assertThat(api.post("/api/v1/payments", user.token(),
				java.util.Map.of("reservationIds", java.util.List.of(reservationId))).status()).isEqualTo(201);
	}

}
