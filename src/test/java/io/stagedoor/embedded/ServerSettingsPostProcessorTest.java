package io.stagedoor.embedded;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class ServerSettingsPostProcessorTest {

	@Test
	void flywayGetsAMariadbJdbcUrlAndTheCredentialsOfTheR2dbcSettings() {
		MockEnvironment env = new MockEnvironment()
			.withProperty("spring.r2dbc.url", "r2dbc:mysql://db.example:3307/tickets?sslMode=disabled")
			.withProperty("spring.r2dbc.username", "app")
			.withProperty("spring.r2dbc.password", "s3cret")
			.withProperty("spring.data.redis.url", "redis://cache:6379")
			.withProperty("stagedoor.token.secret", "x".repeat(32));
		new ServerSettingsPostProcessor().postProcessEnvironment(env, new SpringApplication());
		assertThat(env.getProperty("spring.flyway.url")).isEqualTo("jdbc:mariadb://db.example:3307/tickets");
		assertThat(env.getProperty("spring.flyway.user")).isEqualTo("app");
		assertThat(env.getProperty("spring.flyway.password")).isEqualTo("s3cret");
		assertThat(env.getProperty("stagedoor.token.secret")).as("no dev secret against real servers")
			.isEqualTo("x".repeat(32));
	}

	@Test
	void realServersWithoutATokenSecretAreRefusedAtOnce() {
		MockEnvironment env = new MockEnvironment().withProperty("spring.r2dbc.url", "r2dbc:mysql://a/b")
			.withProperty("spring.data.redis.url", "redis://127.0.0.1:6379");
		org.assertj.core.api.Assertions
			.assertThatThrownBy(() -> new ServerSettingsPostProcessor().postProcessEnvironment(env, new SpringApplication()))
			.hasMessageContaining("stagedoor.token.secret");
	}

	@Test
	void onlyOneServerGivenIsRefused() {
		MockEnvironment env = new MockEnvironment().withProperty("spring.data.redis.url", "redis://127.0.0.1:6379")
			.withProperty("stagedoor.token.secret", "x".repeat(32));
		org.assertj.core.api.Assertions
			.assertThatThrownBy(() -> new ServerSettingsPostProcessor().postProcessEnvironment(env, new SpringApplication()))
			.hasMessageContaining("only spring.data.redis.url is set");
	}

	@Test
	void aClusterOrSentinelIsARealRedisWithoutAUrl() {
		MockEnvironment cluster = new MockEnvironment().withProperty("spring.r2dbc.url", "r2dbc:mysql://a/b")
			.withProperty("spring.data.redis.cluster.nodes", "127.0.0.1:7000,127.0.0.1:7001")
			.withProperty("stagedoor.token.secret", "x".repeat(32));
		new ServerSettingsPostProcessor().postProcessEnvironment(cluster, new SpringApplication());
		assertThat(cluster.getProperty("spring.data.redis.url")).as("no embedded Redis beside a cluster").isNull();
		assertThat(cluster.getProperty("stagedoor.embedded.active")).isNull();

		MockEnvironment sentinel = new MockEnvironment().withProperty("spring.r2dbc.url", "r2dbc:mysql://a/b")
			.withProperty("spring.data.redis.sentinel.master", "stagedoor")
			.withProperty("spring.data.redis.sentinel.nodes", "127.0.0.1:26379")
			.withProperty("stagedoor.token.secret", "x".repeat(32));
		new ServerSettingsPostProcessor().postProcessEnvironment(sentinel, new SpringApplication());
		assertThat(sentinel.getProperty("spring.data.redis.url")).isNull();

		MockEnvironment half = new MockEnvironment().withProperty("spring.data.redis.sentinel.master", "stagedoor")
			.withProperty("stagedoor.token.secret", "x".repeat(32));
		org.assertj.core.api.Assertions
			.assertThatThrownBy(() -> new ServerSettingsPostProcessor().postProcessEnvironment(half, new SpringApplication()))
			.hasMessageContaining("only spring.data.redis.sentinel.master is set");
	}

	@Test
	void credentialsInTheUrlAreUsedAndAGivenFlywayUrlWins() {
		MockEnvironment inUrl = new MockEnvironment()
			.withProperty("spring.r2dbc.url", "r2dbc:mysql://root:pw@127.0.0.1/test")
			.withProperty("spring.data.redis.url", "redis://127.0.0.1:6379")
			.withProperty("stagedoor.token.secret", "x".repeat(32));
		new ServerSettingsPostProcessor().postProcessEnvironment(inUrl, new SpringApplication());
		assertThat(inUrl.getProperty("spring.flyway.url")).isEqualTo("jdbc:mariadb://127.0.0.1:3306/test");
		assertThat(inUrl.getProperty("spring.flyway.user")).isEqualTo("root");
		assertThat(inUrl.getProperty("spring.flyway.password")).isEqualTo("pw");

		MockEnvironment given = new MockEnvironment().withProperty("spring.r2dbc.url", "r2dbc:mysql://a/b")
			.withProperty("spring.data.redis.url", "redis://127.0.0.1:6379")
			.withProperty("spring.flyway.url", "jdbc:mariadb://elsewhere/b")
			.withProperty("stagedoor.token.secret", "x".repeat(32));
		new ServerSettingsPostProcessor().postProcessEnvironment(given, new SpringApplication());
		assertThat(given.getProperty("spring.flyway.url")).isEqualTo("jdbc:mariadb://elsewhere/b");
	}

}
