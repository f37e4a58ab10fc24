package io.stagedoor.concert;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
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
 * The demo concert ({@code stagedoor.demo-data}): concert 1, on sale from start-up, with dates
 * today+7, +8 and +9 in the venue's zone, 50 seats each in three price tiers. Written right after
 * the migrations, over the same JDBC connection at start-up, and idempotent: a restart only adds
 * the dates of the new "today".
 */
@Configuration(proxyBeanMethods = false)
class DemoData {

	private static final Logger log = LoggerFactory.getLogger(DemoData.class);

	static final long CONCERT_ID = 1;

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
			try (PreparedStatement concert = connection.prepareStatement(
					"INSERT IGNORE INTO concert (id, title, venue, created_at) VALUES (?, ?, ?, ?)")) {
				concert.setLong(1, CONCERT_ID);
				concert.setString(2, "Stagedoor Live 2026");
				concert.setString(3, "KSPO Dome, Seoul");
				concert.setObject(4, LocalDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC));
				concert.executeUpdate();
			}
			for (int plus = 7; plus <= 9; plus++) {
				LocalDate date = this.today.plusDays(plus);
				try (PreparedStatement day = connection
					.prepareStatement("INSERT IGNORE INTO concert_date (concert_id, show_date) VALUES (?, ?)");
						PreparedStatement seat = connection.prepareStatement(
								"INSERT IGNORE INTO seat (concert_id, show_date, seat_no, price) VALUES (?, ?, ?, ?)")) {
					day.setLong(1, CONCERT_ID);
					day.setObject(2, date);
					day.executeUpdate();
					for (int no = 1; no <= ConcertCatalog.SEATS_PER_DATE; no++) {
						seat.setLong(1, CONCERT_ID);
						seat.setObject(2, date);
						seat.setInt(3, no);
						seat.setLong(4, price(no));
						seat.addBatch();
					}
					seat.executeBatch();
				}
			}
			log.info("Demo concert {} on sale with dates {} to {}", CONCERT_ID, this.today.plusDays(7),
					this.today.plusDays(9));
		}

	}

}
