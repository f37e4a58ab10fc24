package io.stagedoor.payment;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.stagedoor.support.Api.Response;
import io.stagedoor.support.Api.User;
import io.stagedoor.support.IntegrationTest;
import io.stagedoor.support.TestConcerts;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A buyer whose client goes away while its payment is in flight (a closed tab, a timed-out app)
 * must not lock itself out: the payment's claim on its holds and its {@code Idempotency-Key} are
 * given back when the request is cancelled, not when their ttl and lease run out.
 * <p>
 * The payment is held in flight for real: a second database connection locks the hold's row, so
 * the payment's transaction waits on it after it claimed the hold in Redis.
 */
class CancelledPaymentTest extends IntegrationTest {

	/** Well under the claim's ttl and the key's 60 s lease: "at once", not "when they lapse". */
	private static final Duration AT_ONCE = Duration.ofSeconds(3);

	@Autowired
	private ConnectionFactory connections;

	@Value("${stagedoor.reservation.claim-ttl:30s}")
	private Duration claimTtl;

	private Connection locker;

	@AfterEach
	void unlock() {
		if (this.locker != null) {
			Mono.from(this.locker.rollbackTransaction()).onErrorResume(ex -> Mono.empty()).block();
			Mono.from(this.locker.close()).onErrorResume(ex -> Mono.empty()).block();
		}
	}

	@Test
	void aBuyerWhoCancelsAPaymentInFlightPaysAgainAtOnceWithTheSameKeyAndIsChargedOnce() {
		assertThat(this.claimTtl).as("otherwise the claim would lapse within AT_ONCE anyway").isGreaterThan(AT_ONCE.multipliedBy(3));
		TestConcerts.Concert concert = this.concerts.create();
		User buyer = this.api.activeUser(concert.id());
		String hold = this.api.hold(buyer, concert.id(), concert.date(), 12).field("reservationId");
		long price = TestConcerts.price(12);
		this.api.charge(buyer, price);
		Map<String, Object> body = Map.of("reservationIds", List.of(hold));

		Disposable inFlight = payInFlight(buyer, hold, body, "tab-1");
		Response meanwhile = this.api.post("/api/v1/payments", buyer.token(), body, "tab-2");
		assertThat(meanwhile.code()).as("the first payment holds its claim while it runs").isEqualTo("PAYMENT_IN_PROGRESS");
		Response sameKey = this.api.post("/api/v1/payments", buyer.token(), body, "tab-1");
		assertThat(sameKey.code()).as("and its key").isEqualTo("IDEMPOTENCY_CONFLICT");

		inFlight.dispose();
		unlockTheHold();

		Response[] again = new Response[1];
		await().atMost(AT_ONCE).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
			again[0] = this.api.post("/api/v1/payments", buyer.token(), body, "tab-1");
			assertThat(again[0].status()).as(again[0].text()).isEqualTo(201);
		});
		assertThat(again[0].body().get("amount").asLong()).isEqualTo(price);
		assertThat(number("SELECT balance AS n FROM wallet WHERE user_id = :p", buyer.id().toString()))
			.as("the cancelled payment was rolled back: charged once").isZero();
		assertThat(number("SELECT COUNT(*) AS n FROM payment WHERE concert_id = :p", concert.id())).isEqualTo(1);
		assertThat(number("SELECT COUNT(*) AS n FROM sold_seat WHERE concert_id = :p", concert.id())).isEqualTo(1);
	}

	@Test
	void aBuyerWhoCancelsAPaymentInFlightCanReleaseTheSeatAtOnceAndAnotherHoldsIt() {
		TestConcerts.Concert concert = this.concerts.create();
		User buyer = this.api.activeUser(concert.id());
		String hold = this.api.hold(buyer, concert.id(), concert.date(), 7).field("reservationId");
		this.api.charge(buyer, TestConcerts.price(7));

		Disposable inFlight = payInFlight(buyer, hold, Map.of("reservationIds", List.of(hold)), null);
		inFlight.dispose();
		unlockTheHold();

		await().atMost(AT_ONCE).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
			Response release = this.api.delete("/api/v1/reservations/" + hold, buyer.token());
			assertThat(release.status()).as(release.text()).isEqualTo(204);
		});
		User other = this.api.activeUser(concert.id());
		Response taken = this.api.hold(other, concert.id(), concert.date(), 7);
		assertThat(taken.status()).as(taken.text()).isEqualTo(201);
		assertThat(this.api.get("/api/v1/users/" + buyer.id() + "/balance", buyer.token()).body().get("balance").asLong())
			.isEqualTo(TestConcerts.price(7));
	}

	/**
	 * Sends a payment that stays in flight: the hold's row is locked by another connection, so the
	 * payment's transaction waits on it once it has claimed the hold. Returns once it waits.
	 */
	private Disposable payInFlight(User buyer, String hold, Map<String, Object> body, String key) {
		this.locker = Mono.from(this.connections.create()).block();
		Mono.from(this.locker.beginTransaction()).block();
		List<Integer> locked = Flux.from(this.locker.createStatement("SELECT id FROM reservation WHERE id = ? FOR UPDATE").bind(0, hold).execute())
			.flatMap(result -> result.map((row, meta) -> 1))
			.collectList()
			.block();
		assertThat(locked).hasSize(1);
		Map<String, String> headers = (key != null) ? Map.of("Idempotency-Key", key) : Map.of();
		Disposable payment = this.api.call(HttpMethod.POST, "/api/v1/payments", buyer.token(), body, headers).subscribe();
		// the payment's UPDATE of that row waits on the lock (innodb_trx does not list it reliably)
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
			.until(() -> number("SELECT COUNT(*) AS n FROM information_schema.processlist WHERE db = DATABASE() "
					+ "AND command = 'Query' AND info LIKE 'UPDATE reservation SET status = ''CONFIRMED''%' "
					+ "AND info LIKE CONCAT('%', :p, '%')", hold) > 0);
		return payment;
	}

	private void unlockTheHold() {
		Mono.from(this.locker.rollbackTransaction()).block();
		Mono.from(this.locker.close()).block();
		this.locker = null;
	}

}
