package io.stagedoor.web;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.stagedoor.queue.TestLines;
import io.stagedoor.reservation.TestSeatKeys;
import io.stagedoor.support.Api.Response;
import io.stagedoor.support.Api.User;
import io.stagedoor.support.IntegrationTest;
import io.stagedoor.support.TestConcerts;

import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input always gets a clear problem+json 4xx, never a 500, and changes nothing. */
class BadInputTest extends IntegrationTest {

	@Test
	void malformedOrWrongTypedTokenRequestsAre400() {
		for (String body : List.of("{", "[]", "null", "{\"userId\":\"nope\",\"concertId\":1}",
				"{\"userId\":\"" + java.util.UUID.randomUUID() + "\"}", "{\"userId\":\"" + java.util.UUID.randomUUID()
						+ "\",\"concertId\":\"one\"}", "{\"userId\":7,\"concertId\":1}",
				"{\"userId\":\"" + java.util.UUID.randomUUID() + "\",\"concertId\":1.5}")) {
			Response answer = this.api.post("/api/v1/queue/tokens", null, body);
			assertProblem(answer, 400, "INVALID_REQUEST", body);
		}
		assertProblem(this.api.post("/api/v1/queue/tokens", null,
				Map.of("userId", java.util.UUID.randomUUID().toString(), "concertId", 987654321)), 404, "NOT_FOUND", "unknown");
	}

	@Test
	void badHoldsAndPathValuesAre400() {
		TestConcerts.Concert concert = this.concerts.create();
		User user = this.api.activeUser(concert.id());
		for (Object seat : List.of(0, 51, -3, "7", 7.5)) {
			assertProblem(this.api.post("/api/v1/reservations", user.token(),
					Map.of("concertId", concert.id(), "date", concert.date().toString(), "seatNo", seat)), 400,
					"INVALID_REQUEST", "seat " + seat);
		}
		for (String date : List.of("2026-13-01", "tomorrow", "20261224")) {
			assertProblem(this.api.post("/api/v1/reservations", user.token(),
					Map.of("concertId", concert.id(), "date", date, "seatNo", 1)), 400, "INVALID_REQUEST", date);
			assertProblem(this.api.get("/api/v1/concerts/" + concert.id() + "/dates/" + date + "/seats", user.token()),
					400, "INVALID_REQUEST", date);
		}
		assertProblem(this.api.get("/api/v1/concerts/abc/dates", user.token()), 400, "INVALID_REQUEST", "abc");
		assertProblem(this.api.get("/api/v1/reservations/not-a-uuid", user.token()), 400, "INVALID_REQUEST", "uuid");
		assertProblem(this.api.get("/api/v1/payments/12", user.token()), 400, "INVALID_REQUEST", "payment");
		assertProblem(this.api.get("/api/v1/users/xyz/balance", user.token()), 400, "INVALID_REQUEST", "user");
		assertProblem(this.api.post("/api/v1/payments", user.token(), Map.of("reservationIds", List.of())), 400,
				"INVALID_REQUEST", "empty");
		assertProblem(this.api.post("/api/v1/payments", user.token(), Map.of("reservationIds", List.of("x"))), 400,
				"INVALID_REQUEST", "bad id");
		assertProblem(this.api.post("/api/v1/payments", user.token(), "{\"reservationIds\":\"x\"}"), 400,
				"INVALID_REQUEST", "not a list");
		assertProblem(this.api.get("/api/v1/concerts/" + concert.id() + "/dates/" + concert.date().plusYears(3) + "/seats",
				user.token()), 404, "NOT_FOUND", "no such date");
		assertProblem(this.api.get("/api/v1/reservations/" + java.util.UUID.randomUUID(), user.token()), 404,
				"NOT_FOUND", "no reservation");
		assertProblem(this.api.post("/api/v1/users/" + user.id() + "/balance/charge", user.token(), Map.of("amount", 5),
				"k".repeat(201)), 400, "INVALID_REQUEST", "long key");
		assertThat(number("SELECT COUNT(*) AS n FROM reservation WHERE concert_id = :p", concert.id())).isZero();
	}

	@Test
	void aBodyOver16KiBIs413() {
		String big = "{\"userId\":\"" + "x".repeat(20_000) + "\",\"concertId\":1}";
		assertProblem(this.api.post("/api/v1/queue/tokens", null, big), 413, "PAYLOAD_TOO_LARGE", "big");
	}

	@Test
	void headersOverTheLimitAre431ProblemsToo() {
		// refused by the HTTP decoder before any filter runs (DecodingFailureProblems)
		Response answer = this.api.call(HttpMethod.GET, "/api/v1/queue/status", null, null,
				Map.of("X-Padding", "p".repeat(20_000))).block();
		assertProblem(answer, 431, "INVALID_REQUEST", "big header");
	}

	@Test
	void unknownRoutesAndMethodsAreProblemsToo() {
		assertProblem(this.api.get("/api/v1/nothing-here", null), 404, "NOT_FOUND", "route");
		Response wrongMethod = this.api.call(HttpMethod.PUT, "/api/v1/queue/tokens", null, "{}", Map.of()).block();
		assertThat(wrongMethod.status()).isEqualTo(405);
		assertThat(wrongMethod.code()).isEqualTo("INVALID_REQUEST");
	}

	private static void assertProblem(Response answer, int status, String code, Object what) {
		assertThat(answer.status()).as("status for %s: %s", what, answer.text()).isEqualTo(status);
		assertThat(answer.code()).as("code for %s", what).isEqualTo(code);
		assertThat(answer.headers().getContentType().toString()).isEqualTo("application/problem+json");
		assertThat(answer.text()).doesNotContain("Exception", "SELECT", TestLines.keyStart(), TestSeatKeys.keyStart(), "at io.");
	}

}
