package io.stagedoor.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.UUID;
import java.util.function.Function;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import io.stagedoor.support.RandomIds;
import io.stagedoor.support.Times;
import io.stagedoor.web.RejectedException;
import io.stagedoor.web.Rejection;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * {@code Idempotency-Key} records in the database, unique per (user, key). The first request with a
 * key takes a lease on it; a repeat with the same body gets the first answer once there is one; a
 * repeat with another body, or while the first is still in flight, is {@code IDEMPOTENCY_CONFLICT}.
 * A request that failed, or whose client went away before it was done, gives its key back, so the
 * same key may be tried again at once; one that crashed holds it until its lease runs out.
 * <p>
 * {@link #once} is the whole cycle for an operation; its work records the answer with
 * {@link #complete} inside the transaction that does the work.
 */
@Component
public class IdempotencyKeys {

	/** Longer than any charge or payment may take. */
	static final Duration LEASE = Duration.ofSeconds(60);

	static final int MAX_KEY_LENGTH = 200;

	private final DatabaseClient db;

	private final Clock clock;

	private final JsonMapper json;

	IdempotencyKeys(DatabaseClient db, Clock clock, JsonMapper json) {
		this.db = db;
		this.clock = clock;
		this.json = json;
	}

	/**
	 * Runs an operation once per key: a repeat answers with the first answer (read as
	 * {@code answerType}) and {@code onReplay} runs; otherwise {@code work} runs under the key's
	 * lease, and if it fails or is cancelled (its client went away) before it completed, the key is
	 * given back.
	 * @param request what makes two requests "the same": the operation and its body
	 * @param work the operation; it calls {@link #complete} in its own transaction
	 */
	public <T> Mono<T> once(UUID userId, String key, String request, Class<T> answerType, Runnable onReplay,
			Function<Attempt, Mono<T>> work) {
		return Mono.usingWhen(begin(userId, key, request),
				attempt -> (attempt.replay() != null) ? replay(attempt, answerType, onReplay) : work.apply(attempt),
				attempt -> Mono.empty(), (attempt, ex) -> giveBack(attempt), this::giveBack);
	}

	/** {@link #once} with nothing to do on a replay. */
	public <T> Mono<T> once(UUID userId, String key, String request, Class<T> answerType,
			Function<Attempt, Mono<T>> work) {
		return once(userId, key, request, answerType, () -> {
		}, work);
	}

	private <T> Mono<T> replay(Attempt attempt, Class<T> answerType, Runnable onReplay) {
		return Mono.fromCallable(() -> {
			T answer = this.json.readValue(attempt.replay().body(), answerType);
			onReplay.run();
			return answer;
		});
	}

	/** A replay holds no lease; a failure to give the key back leaves it to its lease. */
	private Mono<Void> giveBack(Attempt attempt) {
		return (attempt.replay() != null) ? Mono.empty() : abandon(attempt).onErrorResume(ex -> Mono.empty());
	}

	/**
	 * Starts a request under a key ({@code null} for none): empty {@link Attempt#replay()} means go
	 * ahead, present means answer with it.
	 * @param request what makes two requests "the same": the operation and its body
	 */
	Mono<Attempt> begin(UUID userId, String key, String request) {
		if (key == null) {
			return Mono.just(new Attempt(userId, null, null, null));
		}
		validate(key);
		String hash = sha256(request);
		Instant now = this.clock.instant();
		return this.db
			.sql("INSERT INTO idempotency_record (user_id, idem_key, request_hash, state, lease_until, created_at) "
					+ "VALUES (:user, :key, :hash, 'IN_FLIGHT', :lease, :now)")
			.bind("user", userId.toString())
			.bind("key", key)
			.bind("hash", hash)
			.bind("lease", Times.utc(now.plus(LEASE)))
			.bind("now", Times.utc(now))
			.then()
			.thenReturn(new Attempt(userId, key, hash, null))
			.onErrorResume(DataIntegrityViolationException.class, ex -> existing(userId, key, hash, now));
	}

	private Mono<Attempt> existing(UUID userId, String key, String hash, Instant now) {
		return this.db
			.sql("SELECT request_hash, state, lease_until, response_status, response_body FROM idempotency_record "
					+ "WHERE user_id = :user AND idem_key = :key")
			.bind("user", userId.toString())
			.bind("key", key)
			.map(row -> new Row(row.get("request_hash", String.class), row.get("state", String.class),
					row.get("lease_until", LocalDateTime.class), row.get("response_status", Integer.class),
					row.get("response_body", String.class)))
			.first()
			// the other request gave the key back between our insert and this read: try once more
			.switchIfEmpty(Mono.error(conflict("this Idempotency-Key was just released; send the request again")))
			.flatMap(row -> decide(row, userId, key, hash, now));
	}

	private Mono<Attempt> decide(Row row, UUID userId, String key, String hash, Instant now) {
		if (!row.hash().equals(hash)) {
			return Mono.error(conflict("this Idempotency-Key was used with a different request"));
		}
		if ("DONE".equals(row.state())) {
			return Mono.just(new Attempt(userId, key, hash, new Replay(row.status(), row.body())));
		}
		if (Times.instant(row.leaseUntil()).isAfter(now)) {
			return Mono.error(conflict("a request with this Idempotency-Key is still in flight"));
		}
		// the first request died holding the key: take its lease over, unless another retry just did
		return this.db
			.sql("UPDATE idempotency_record SET lease_until = :lease WHERE user_id = :user AND idem_key = :key "
					+ "AND state = 'IN_FLIGHT' AND lease_until = :old")
			.bind("lease", Times.utc(now.plus(LEASE)))
			.bind("user", userId.toString())
			.bind("key", key)
			.bind("old", row.leaseUntil())
			.fetch()
			.rowsUpdated()
			.flatMap(rows -> rows == 1 ? Mono.just(new Attempt(userId, key, hash, null))
					: Mono.error(conflict("a request with this Idempotency-Key is still in flight")));
	}

	/** Records the answer (written as JSON); call it inside the transaction that does the work. */
	public Mono<Void> complete(Attempt attempt, int status, Object answer) {
		if (attempt.key() == null) {
			return Mono.empty();
		}
		String body = this.json.writeValueAsString(answer);
		return this.db
			.sql("UPDATE idempotency_record SET state = 'DONE', response_status = :status, response_body = :body "
					+ "WHERE user_id = :user AND idem_key = :key")
			.bind("status", status)
			.bind("body", body)
			.bind("user", attempt.userId().toString())
			.bind("key", attempt.key())
			.then();
	}

	/** Gives the key back after a failure, so the same request may be tried again. */
	Mono<Void> abandon(Attempt attempt) {
		if (attempt.key() == null) {
			return Mono.empty();
		}
		return this.db
			.sql("DELETE FROM idempotency_record WHERE user_id = :user AND idem_key = :key AND state = 'IN_FLIGHT'")
			.bind("user", attempt.userId().toString())
			.bind("key", attempt.key())
			.then();
	}

	private static void validate(String key) {
		if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c > 32 && c < 127)) {
			throw RejectedException.invalid("Idempotency-Key must be 1 to 200 visible ASCII characters");
		}
	}

	private static RejectedException conflict(String detail) {
		return new RejectedException(Rejection.IDEMPOTENCY_CONFLICT, detail);
	}

	private static String sha256(String value) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(digest.digest(value.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private record Row(String hash, String state, LocalDateTime leaseUntil, Integer status, String body) {
	}

	/**
	 * One request under a key.
	 * @param replay the first answer, when there is one to repeat
	 */
	public record Attempt(UUID userId, String key, String hash, Replay replay) {

		/** The key the payment gateway gets, so a retry never charges twice there either. */
		public String gatewayKey() {
			return (this.key != null) ? this.userId + ":" + this.key : RandomIds.uuid().toString();
		}

	}

	/** A stored first answer: its status and JSON body. */
	public record Replay(int status, String body) {
	}

}
