package io.stagedoor.queue;

import java.time.Instant;
import java.time.LocalDateTime;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.stagedoor.support.Times;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The durable side of the runtime controls: table {@code queue_control} (what is in force) and
 * {@code admin_audit} (who changed what, when, from where), written in one transaction. Redis holds
 * the live copy the scripts read; it is loaded from here whenever Redis has none.
 */
@Component
class LineControlStore {

	private static final String SELECT = "SELECT paused, draining, max_active, admit_per_tick FROM queue_control";

	private final DatabaseClient db;

	private final TransactionalOperator tx;

	LineControlStore(DatabaseClient db, TransactionalOperator tx) {
		this.db = db;
		this.tx = tx;
	}

	Mono<LineControls> load(long concertId) {
		return this.db.sql(SELECT + " WHERE concert_id = :c")
			.bind("c", concertId)
			.map(LineControlStore::controls)
			.first()
			.defaultIfEmpty(LineControls.DEFAULTS);
	}

	/**
	 * Applies a change to the controls in force, under a row lock so two operators' changes never
	 * overwrite each other's fields, and records it; returns the controls now in force.
	 */
	Mono<LineControls> change(long concertId, ControlChange change, String actor, String address, Instant now) {
		Mono<LineControls> work = this.db
			.sql("INSERT IGNORE INTO queue_control (concert_id, paused, draining, updated_at, updated_by) "
					+ "VALUES (:c, FALSE, FALSE, :now, :actor)")
			.bind("c", concertId)
			.bind("now", Times.utc(now))
			.bind("actor", actor)
			.then()
			.then(this.db
				.sql(SELECT + " WHERE concert_id = :c FOR UPDATE")
				.bind("c", concertId)
				.map(LineControlStore::controls)
				.one())
			.map(change::applyTo)
			.flatMap(next -> update(concertId, next, actor, now)
				.then(audit(concertId, change, actor, address, now))
				.thenReturn(next));
		return this.tx.transactional(work);
	}

	private Mono<Void> update(long concertId, LineControls next, String actor, Instant now) {
		DatabaseClient.GenericExecuteSpec spec = this.db
			.sql("UPDATE queue_control SET paused = :paused, draining = :draining, max_active = :max, "
					+ "admit_per_tick = :per, updated_at = :now, updated_by = :actor WHERE concert_id = :c")
			.bind("paused", next.paused())
			.bind("draining", next.draining())
			.bind("now", Times.utc(now))
			.bind("actor", actor)
			.bind("c", concertId);
		spec = (next.maxActive() == null) ? spec.bindNull("max", Integer.class) : spec.bind("max", next.maxActive());
		spec = (next.admitPerTick() == null) ? spec.bindNull("per", Integer.class)
				: spec.bind("per", next.admitPerTick());
		return spec.then();
	}

	private Mono<Void> audit(long concertId, ControlChange change, String actor, String address, Instant now) {
		return this.db
			.sql("INSERT INTO admin_audit (at, actor, address, concert_id, change_json) "
					+ "VALUES (:at, :actor, :address, :c, :change)")
			.bind("at", Times.utc(now))
			.bind("actor", actor)
			.bind("address", address)
			.bind("c", concertId)
			.bind("change", change.describe())
			.then();
	}

	/** The latest changes, newest first; of one concert when {@code concertId} is given. */
	Flux<LineOperations.AuditEntry> audit(Long concertId, int limit) {
		String where = (concertId == null) ? "" : " WHERE concert_id = :c";
		DatabaseClient.GenericExecuteSpec spec = this.db
			.sql("SELECT id, at, actor, address, concert_id, change_json FROM admin_audit" + where
					+ " ORDER BY id DESC LIMIT :limit")
			.bind("limit", limit);
		if (concertId != null) {
			spec = spec.bind("c", concertId);
		}
		return spec
			.map(row -> new LineOperations.AuditEntry(((Number) row.get("id")).longValue(),
					Times.instant(row.get("at", LocalDateTime.class)), row.get("actor", String.class),
					row.get("address", String.class), ((Number) row.get("concert_id")).longValue(),
					row.get("change_json", String.class)))
			.all();
	}

	private static LineControls controls(Readable row) {
		return new LineControls(flag(row.get("paused")), flag(row.get("draining")), integer(row.get("max_active")),
				integer(row.get("admit_per_tick")));
	}

	private static boolean flag(Object value) {
		return (value instanceof Boolean b) ? b : (value instanceof Number n) && n.intValue() != 0;
	}

	private static Integer integer(Object value) {
		return (value == null) ? null : ((Number) value).intValue();
	}

}
