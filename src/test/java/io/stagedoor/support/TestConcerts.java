package io.stagedoor.support;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.springframework.r2dbc.core.DatabaseClient;

/** Makes a fresh concert per test, its dates and 50 seats each (price 10,000 × seat number). */
public final class TestConcerts {

	public static final ZoneId VENUE = ZoneId.of("Asia/Seoul");

	private final DatabaseClient db;

	public TestConcerts(DatabaseClient db) {
		this.db = db;
	}

	public static long price(int seatNo) {
		return 10_000L * seatNo;
	}

	/** A concert with a date a week ahead; returns its id. */
	public Concert create() {
		return create(today().plusDays(7));
	}

	public Concert create(LocalDate... dates) {
		return insert(null, dates);
	}

	/**
	 * The concert row is written with its open time in one statement: the service's catalog re-reads
	 * every concert each second, and one read between an insert and a later update of the open time
	 * would show the concert on sale (and the first entry would write that into Redis).
	 */
	private Concert insert(Instant opensAt, LocalDate... dates) {
		DatabaseClient.GenericExecuteSpec insert = this.db
			.sql("INSERT INTO concert (title, venue, sale_opens_at, created_at) "
					+ "VALUES ('Test concert', 'Test hall', :opens, :now)")
			.bind("now", LocalDateTime.now(ZoneOffset.UTC));
		insert = (opensAt != null) ? insert.bind("opens", LocalDateTime.ofInstant(opensAt, ZoneOffset.UTC))
				: insert.bindNull("opens", LocalDateTime.class);
		Long id = insert
			.filter(statement -> statement.returnGeneratedValues("id"))
			.map(row -> ((Number) row.get("id")).longValue())
			.first()
			.block();
		for (LocalDate date : dates) {
			this.db.sql("INSERT INTO concert_date (concert_id, show_date) VALUES (:c, :d)")
				.bind("c", id)
				.bind("d", date)
				.then()
				.block();
			StringBuilder values = new StringBuilder();
			for (int seat = 1; seat <= 50; seat++) {
				values.append(seat == 1 ? "" : ",").append("(").append(id).append(", '").append(date).append("', ")
					.append(seat).append(", ").append(price(seat)).append(")");
			}
			this.db.sql("INSERT INTO seat (concert_id, show_date, seat_no, price) VALUES " + values).then().block();
		}
		return new Concert(id, dates[0]);
	}

	/** A concert like {@link #create()} whose line opens at {@code opensAt}: a pre-queue until then. */
	public Concert opening(Instant opensAt) {
		return insert(opensAt, today().plusDays(7));
	}

	public static LocalDate today() {
		return LocalDate.now(VENUE);
	}

	public record Concert(long id, LocalDate date) {
	}

}
