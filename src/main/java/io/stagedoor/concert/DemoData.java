package io.stagedoor.concert;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The demo concerts ({@code stagedoor.demo-data}): concert 1, on sale from start-up, and concert 2,
 * whose line opens three minutes after start-up (its pre-queue shows the fair start), each with dates
 * today+7, +8 and +9 in the venue's zone, 50 seats each in three price tiers. Written right after
 * the migrations, over the same JDBC connection at start-up, and idempotent: a restart only adds
 * the dates of the new "today".
 */
@Configuration(proxyBeanMethods = false)
class DemoData {

	private static final Logger log = LoggerFactory.getLogger(DemoData.class);

	static final long CONCERT_ID = 1;

	/** The second demo concert: its line opens a few minutes after start-up, to show the pre-queue. */
	static final long PRE_QUEUE_CONCERT_ID = 2;

	static final Duration PRE_QUEUE_OPENS_AFTER = Duration.ofMinutes(3);

	@Bean
	FlywayConfigurationCustomizer demoDataAfterMigrate(VenueProperties venue, Clock clock) {
		return config -> {
			if (venue.demoData()) {
				config.callbacks(new Seeder(LocalDate.now(clock.withZone(venue.timeZone())), clock));
			}
		};
	}

	/** Seat price by tier: 1-10 VIP, 11-30 R, 31-50 S. */
	static long price(int seatNo) {
		return seatNo <= 10 ? 150_000 : seatNo <= 30 ? 120_000 : 90_000;
	}

	private record Seeder(LocalDate today, Clock clock) implements Callback {

		@Override
		public boolean supports(Event event, Context context) {
			return event == Event.AFTER_MIGRATE;
		}

		@Override
		public boolean canHandleInTransaction(Event event, Context context) {
			return true;
		}

		@Override
		public void handle(Event event, Context context) {
			try {
				seed(context.getConnection());
			}
			catch (SQLException ex) {
				throw new IllegalStateException("could not write the demo data", ex);
			}
		}

		@Override
		public String getCallbackName() {
			return "stagedoor-demo-data";
		}

		private void seed(Connection connection) throws SQLException {
			LocalDateTime now = LocalDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC);
			concert(connection, CONCERT_ID, "Stagedoor Live 2026", "KSPO Dome, Seoul", null);
			// INSERT IGNORE: against a kept database the encore keeps the open time of its first start
			concert(connection, PRE_QUEUE_CONCERT_ID, "Stagedoor Live 2026 — Encore", "Olympic Hall, Seoul",
					now.plus(PRE_QUEUE_OPENS_AFTER));
			dates(connection, CONCERT_ID);
			dates(connection, PRE_QUEUE_CONCERT_ID);
			log.info("Demo concert {} on sale with dates {} to {}; demo concert {} opens its line at {} UTC "
					+ "(pre-queue until then)", CONCERT_ID, this.today.plusDays(7), this.today.plusDays(9),
					PRE_QUEUE_CONCERT_ID, now.plus(PRE_QUEUE_OPENS_AFTER));
		}

		private void concert(Connection connection, long id, String title, String venue, LocalDateTime opensAt)
				throws SQLException {
			try (PreparedStatement concert = connection.prepareStatement(
					"INSERT IGNORE INTO concert (id, title, venue, created_at, sale_opens_at) VALUES (?, ?, ?, ?, ?)")) {
				concert.setLong(1, id);
				concert.setString(2, title);
				concert.setString(3, venue);
				concert.setObject(4, LocalDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC));
				if (opensAt == null) {
					concert.setNull(5, Types.TIMESTAMP);
				}
				else {
					concert.setObject(5, opensAt);
				}
				concert.executeUpdate();
			}
		}

		private void dates(Connection connection, long concertId) throws SQLException {
			for (int plus = 7; plus <= 9; plus++) {
				LocalDate date = this.today.plusDays(plus);
				try (PreparedStatement day = connection
					.prepareStatement("INSERT IGNORE INTO concert_date (concert_id, show_date) VALUES (?, ?)");
						PreparedStatement seat = connection.prepareStatement(
								"INSERT IGNORE INTO seat (concert_id, show_date, seat_no, price) VALUES (?, ?, ?, ?)")) {
					day.setLong(1, concertId);
					day.setObject(2, date);
					day.executeUpdate();
					for (int no = 1; no <= ConcertCatalog.SEATS_PER_DATE; no++) {
						seat.setLong(1, concertId);
						seat.setObject(2, date);
						seat.setInt(3, no);
						seat.setLong(4, price(no));
						seat.addBatch();
					}
					seat.executeBatch();
				}
			}
		}

	}

}
