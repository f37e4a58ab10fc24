package io.stagedoor.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import tools.jackson.databind.json.JsonMapper;

import io.stagedoor.StagedoorApplication;
import io.stagedoor.queue.TestLines;
import io.stagedoor.reservation.TestSeatKeys;
import io.stagedoor.support.Api;
import io.stagedoor.support.Api.Response;
import io.stagedoor.support.ThreadDumps;
import io.stagedoor.support.Api.User;
import io.stagedoor.support.TestConcerts;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.util.UriComponentsBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated hostile requests to every endpoint (jqwik): malformed JSON, wrong types, huge numbers,
 * unicode, nulls, oversized bodies and headers, bad dates and path values, and tokens that are
 * forged, unsigned, signed with another key, expired, spent, of another concert or of another
 * user. Each request is hostile in at least one part; whatever the rest, the answer is a
 * problem+json 4xx with a code of the contract, never a 5xx, and nothing of the test's users is
 * written (their rows in reservation, wallet, ledger, payment and idempotency_record).
 * BadInputTest and TokenRejectionTest keep the hand-picked cases with their exact codes.
 */
class HostileInputTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Set<String> CODES = Set.of("INVALID_REQUEST", "TOKEN_MISSING", "TOKEN_INVALID", "TOKEN_EXPIRED",
			"QUEUE_NOT_ACTIVE", "FORBIDDEN", "NOT_FOUND", "SEAT_UNAVAILABLE", "HOLD_LIMIT", "HOLD_EXPIRED",
			"PAYMENT_IN_PROGRESS", "ALREADY_PAID", "INSUFFICIENT_BALANCE", "IDEMPOTENCY_CONFLICT", "PAYLOAD_TOO_LARGE");

	private static ConfigurableApplicationContext app;

	private static Api api;

	private static DatabaseClient db;

	private static Fixture fixture;

	@BeforeContainer
	static void startApplication() {
		app = new SpringApplicationBuilder(StagedoorApplication.class).profiles("test").run("--server.port=0");
		api = new Api("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port"));
		db = app.getBean(DatabaseClient.class);
		fixture = Fixture.make(app.getEnvironment().getRequiredProperty("stagedoor.token.secret"));
	}

	@AfterContainer
	static void stopApplication() {
		if (app != null) {
			app.close();
		}
	}

	@Property(tries = 1000)
	void everyHostileRequestIsAProblem4xxAndWritesNothing(@ForAll("probes") Probe probe) {
		String before = fixture.writes();
		Response answer = api.call(probe.method(), probe.uri(), probe.bearer(), probe.body(), probe.allHeaders())
			.timeout(java.time.Duration.ofSeconds(30),
					reactor.core.publisher.Mono.error(() -> new AssertionError("no answer within 30 s to " + probe
							+ "; the threads of the application and the test: " + ThreadDumps.write("hostile-no-answer"))))
			.block();
		assertThat(answer.status()).as("%s -> %s", probe, answer.text()).isBetween(400, 499);
		assertThat(answer.headers().getContentType()).as("%s -> %s", probe, answer.text()).isNotNull();
		assertThat(answer.headers().getContentType().toString()).as("%s", probe).isEqualTo("application/problem+json");
		assertThat(answer.code()).as("%s -> %s", probe, answer.text()).isIn(CODES);
		assertThat(answer.body().get("status").asInt()).isEqualTo(answer.status());
		assertThat(answer.text()).doesNotContain("Exception", "SELECT", "INSERT", TestLines.keyStart(), TestSeatKeys.keyStart(), "at io.");
		assertThat(fixture.writes()).as("rows of the test's users after %s", probe).isEqualTo(before);
	}

	// ---------------------------------------------------------------- what a probe is

	enum Endpoint {

		ISSUE(HttpMethod.POST, "/api/v1/queue/tokens"), STATUS(HttpMethod.GET, "/api/v1/queue/status"),
		EVENTS(HttpMethod.GET, "/api/v1/queue/events"), LEAVE(HttpMethod.DELETE, "/api/v1/queue/tokens/me"),
		DATES(HttpMethod.GET, "/api/v1/concerts/{concertId}/dates"),
		SEATS(HttpMethod.GET, "/api/v1/concerts/{concertId}/dates/{date}/seats"),
		HOLD(HttpMethod.POST, "/api/v1/reservations"), RESERVATION(HttpMethod.GET, "/api/v1/reservations/{id}"),
		RELEASE(HttpMethod.DELETE, "/api/v1/reservations/{id}"),
		TICKETS(HttpMethod.GET, "/api/v1/users/{userId}/reservations"),
		BALANCE(HttpMethod.GET, "/api/v1/users/{userId}/balance"),
		CHARGE(HttpMethod.POST, "/api/v1/users/{userId}/balance/charge"), PAY(HttpMethod.POST, "/api/v1/payments"),
		PAYMENT(HttpMethod.GET, "/api/v1/payments/{id}");

		final HttpMethod method;

		final String path;

		Endpoint(HttpMethod method, String path) {
			this.method = method;
			this.path = path;
		}

		List<String> pathVariables() {
			return UriComponentsBuilder.fromPath(this.path).build().getPathSegments().stream()
				.filter(s -> s.startsWith("{"))
				.map(s -> s.substring(1, s.length() - 1))
				.toList();
		}

		boolean hasBody() {
			return this == ISSUE || this == HOLD || this == CHARGE || this == PAY;
		}

		boolean needsToken() {
			return this != ISSUE;
		}

		/** The resource belongs to the fixture's user: another user's live token is refused here. */
		boolean userScoped() {
			return this == RESERVATION || this == RELEASE || this == TICKETS || this == BALANCE || this == CHARGE
					|| this == PAY || this == PAYMENT;
		}

		/** A live token here would change or stream something: only hostile tokens are sent. */
		boolean liveTokenActs() {
			return this == EVENTS || this == LEAVE;
		}

	}

	enum Part {

		TOKEN, PATH, BODY, HEADER

	}

	enum TokenKind {

		VALID, NONE, GARBAGE, NOT_BEARER, TAMPERED, ALG_NONE, OTHER_KEY, OTHER_ALGORITHM, EXPIRED, SPENT, OTHER_CONCERT,
		STRANGER;

		/** Another user's live token is fine on that user's own line (status, events, leaving). */
		boolean hostileFor(Endpoint endpoint) {
			return switch (this) {
				case VALID -> false;
				case STRANGER -> endpoint.userScoped();
				case OTHER_CONCERT -> endpoint.userScoped() || endpoint == Endpoint.DATES || endpoint == Endpoint.SEATS
						|| endpoint == Endpoint.HOLD;
				default -> true;
			};
		}

	}

	/**
	 * One request. {@code hostile} names the parts made bad on purpose; the rest may be good or bad.
	 */
	record Probe(Endpoint endpoint, Set<Part> hostile, TokenKind token, String garbage, Map<String, String> path,
			String body, Map<String, String> headers) {

		HttpMethod method() {
			return this.endpoint.method;
		}

		URI uri() {
			return UriComponentsBuilder.fromUriString("http://127.0.0.1")
				.port(app.getEnvironment().getRequiredProperty("local.server.port", Integer.class))
				.path(this.endpoint.path)
				.encode()
				.buildAndExpand(this.path)
				.toUri();
		}

		Map<String, String> allHeaders() {
			if (this.token != TokenKind.NOT_BEARER) {
				return this.headers;
			}
			Map<String, String> all = new LinkedHashMap<>(this.headers);
			all.put("Authorization", "Basic " + Base64.getEncoder().encodeToString(this.garbage.getBytes(StandardCharsets.UTF_8)));
			return all;
		}

		String bearer() {
			return this.token == TokenKind.NOT_BEARER || this.token == TokenKind.NONE ? null
					: fixture.token(this.token, this.garbage);
		}

		@Override
		public String toString() {
			String shownBody = this.body == null ? "-" : this.body.length() > 200
					? this.body.substring(0, 200) + "…(" + this.body.length() + " chars)" : this.body;
			Map<String, String> shownHeaders = this.headers.entrySet().stream()
				.collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().length() > 60
						? e.getValue().substring(0, 60) + "…(" + e.getValue().length() + ")" : e.getValue()));
			return this.endpoint + " hostile " + this.hostile + " token " + this.token
					+ (this.token == TokenKind.GARBAGE ? "(" + this.garbage + ")" : "") + " path " + this.path + " body "
					+ shownBody + " headers " + shownHeaders;
		}

	}

	// ---------------------------------------------------------------- generators

	/**
	 * Every combination, over-long headers with a large body included: the server answers 431 and
	 * lingers until the client has read it (RefusedRequestAnswerTest).
	 */
	@Provide
	Arbitrary<Probe> probes() {
		return Arbitraries.of(Endpoint.values()).flatMap(this::probesOf);
	}

	private Arbitrary<Probe> probesOf(Endpoint endpoint) {
		List<Part> parts = new ArrayList<>();
		if (endpoint.needsToken()) {
			parts.add(Part.TOKEN);
		}
		if (!endpoint.pathVariables().isEmpty()) {
			parts.add(Part.PATH);
		}
		if (endpoint.hasBody()) {
			parts.add(Part.BODY);
		}
		if (endpoint.hasBody() || endpoint == Endpoint.STATUS || endpoint == Endpoint.BALANCE) {
			parts.add(Part.HEADER);
		}
		return Arbitraries.of(parts).flatMap(bad -> Combinators
			.combine(tokens(endpoint, bad == Part.TOKEN || endpoint.liveTokenActs()), garbageTokens(),
					paths(endpoint, bad == Part.PATH), bodies(endpoint, bad == Part.BODY), headers(endpoint, bad == Part.HEADER))
			.as((token, garbage, path, body, headers) -> {
				Set<Part> hostile = java.util.EnumSet.of(bad);
				return new Probe(endpoint, hostile, token, garbage, path, body, headers);
			}));
	}

	/**
	 * The token: a hostile one, or else mostly the fixture user's own. Beside another part made
	 * hostile, never the live token of another user, whose own resources the hostile path and
	 * body values include (with that user's token they would be good requests).
	 */
	private Arbitrary<TokenKind> tokens(Endpoint endpoint, boolean hostile) {
		List<TokenKind> kinds = java.util.Arrays.stream(TokenKind.values()).filter(k -> k.hostileFor(endpoint)).toList();
		if (hostile) {
			return Arbitraries.of(kinds);
		}
		List<TokenKind> plainlyBad = kinds.stream()
			.filter(k -> k != TokenKind.STRANGER && k != TokenKind.OTHER_CONCERT)
			.toList();
		return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(TokenKind.VALID)),
				Tuple.of(1, Arbitraries.of(plainlyBad)));
	}

	private static Arbitrary<String> garbageTokens() {
		return Arbitraries.oneOf(Arbitraries.of("", "a.b.c", "..", "null", "eyJhbGciOiJIUzI1NiJ9", "Bearer x", "x".repeat(4000)),
				Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(300));
	}

	/** Path values: the fixture's own, or hostile ones. */
	private Arbitrary<Map<String, String>> paths(Endpoint endpoint, boolean hostile) {
		List<String> names = endpoint.pathVariables();
		if (names.isEmpty()) {
			return Arbitraries.just(Map.of());
		}
		List<Arbitrary<String>> values = new ArrayList<>();
		for (String name : names) {
			values.add(Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(fixtureValue(endpoint, name))),
					Tuple.of(1, badPathValue(name))));
		}
		if (!hostile) {
			// a path that is not hostile on purpose stays the fixture's
			return Arbitraries.create(() -> {
				Map<String, String> own = new LinkedHashMap<>();
				names.forEach(n -> own.put(n, fixtureValue(endpoint, n)));
				return own;
			});
		}
		Arbitrary<Map<String, String>> mixed = Combinators.combine(values).as(list -> {
			Map<String, String> path = new LinkedHashMap<>();
			for (int i = 0; i < names.size(); i++) {
				path.put(names.get(i), list.get(i));
			}
			return path;
		});
		// at least one value is bad
		return Combinators.combine(Arbitraries.of(names), badPathValue("any"), mixed).as((which, bad, path) -> {
			Map<String, String> result = new LinkedHashMap<>(path);
			result.put(which, badFor(which, bad));
			return result;
		});
	}

	private static String badFor(String name, String bad) {
		return switch (name) {
			case "concertId" -> bad.equals(Long.toString(fixture.concert)) ? Long.toString(fixture.otherConcert) : bad;
			case "date" -> bad.equals(fixture.date.toString()) ? "2026-02-30" : bad;
			default -> bad;
		};
	}

	private static String fixtureValue(Endpoint endpoint, String name) {
		return switch (name) {
			case "concertId" -> Long.toString(fixture.concert);
			case "date" -> fixture.date.toString();
			case "userId" -> fixture.user.id().toString();
			case "id" -> endpoint == Endpoint.PAYMENT ? fixture.spentPayment : fixture.userHold;
			default -> throw new IllegalArgumentException(name);
		};
	}

	private static Arbitrary<String> badPathValue(String name) {
		Arbitrary<String> known = Arbitraries.of("abc", "-1", "0", "1.5", "1e3", "99999999999999999999", " ", "%", "%00", "..",
				"null", "٣", "１", "0x10", "2026-13-01", "2026-02-30", "tomorrow", "+999999999-12-31", "0000-00-00",
				"00000000-0000-0000-0000-00000000000g", "{id}", "😀", "'; DROP TABLE payment; --", "x".repeat(300));
		Arbitrary<String> foreign = Arbitraries.of("stranger", "otherConcert", "strangerHold", "spentHold", "randomUuid")
			.map(HostileInputTest::foreignValue);
		return Arbitraries.oneOf(known, foreign, Arbitraries.strings().ofMinLength(1).ofMaxLength(40));
	}

	/** Values of the right shape that belong to someone or something else. */
	private static String foreignValue(String what) {
		return switch (what) {
			case "stranger" -> fixture.stranger.id().toString();
			case "otherConcert" -> Long.toString(fixture.otherConcert);
			case "strangerHold" -> fixture.strangerHold;
			case "spentHold" -> fixture.spentHold;
			default -> UUID.randomUUID().toString();
		};
	}

	/** A body: the endpoint's good one, or one made hostile in one of many ways. */
	private Arbitrary<String> bodies(Endpoint endpoint, boolean hostile) {
		if (!endpoint.hasBody()) {
			return Arbitraries.just((String) null);
		}
		Arbitrary<String> bad = badBodies(endpoint);
		if (hostile) {
			return bad;
		}
		return Arbitraries.frequencyOf(Tuple.of(3, goodBody(endpoint)), Tuple.of(1, bad));
	}

	private static Arbitrary<String> goodBody(Endpoint endpoint) {
		return goodFields(endpoint).map(HostileInputTest::render);
	}

	private static Arbitrary<Map<String, String>> goodFields(Endpoint endpoint) {
		return switch (endpoint) {
			case ISSUE -> Arbitraries.create(() -> fields("userId", json(UUID.randomUUID().toString()), "concertId",
					Long.toString(fixture.concert)));
			case HOLD -> Arbitraries.integers().between(10, 50).map(seat -> fields("concertId",
					Long.toString(fixture.concert), "date", json(fixture.date.toString()), "seatNo", Integer.toString(seat)));
			case CHARGE -> Arbitraries.integers().between(1, 10_000_000).map(a -> fields("amount", Integer.toString(a)));
			case PAY -> Arbitraries.just(fields("reservationIds", "[" + json(fixture.userHold) + "]"));
			default -> throw new IllegalArgumentException(endpoint.name());
		};
	}

	private static Arbitrary<String> badBodies(Endpoint endpoint) {
		Arbitrary<String> malformed = Arbitraries.of("", "{", "}", "[", "{\"a\":", "nul", "{'a':1}", "{\"concertId\":1,}",
				"\u0000", "{\"amount\":1}{", "\"unterminated", "{\"a\":1e}", "{\"a\":--1}", "{\"a\":NaN}",
				"{\"a\":Infinity}", "<xml/>");
		Arbitrary<String> wrongTop = Arbitraries.of("[]", "null", "1", "\"s\"", "true", "{}", "[{}]", "1e400");
		Arbitrary<String> unicodeText = Arbitraries.strings().ofMinLength(1).ofMaxLength(50);
		Arbitrary<String> deep = Arbitraries.integers().between(1100, 3000).map(n -> "[".repeat(n) + "]".repeat(n));
		Arbitrary<String> fieldBad = Combinators.combine(goodFields(endpoint), Arbitraries.integers().between(0, 3),
				badValue(endpoint))
			.as((fields, index, value) -> {
				List<String> names = new ArrayList<>(fields.keySet());
				String name = names.get(index % names.size());
				Map<String, String> changed = new LinkedHashMap<>(fields);
				if (value == null) {
					changed.remove(name);
				}
				else {
					changed.put(name, badValueFor(endpoint, name, value));
				}
				return render(changed);
			});
		Arbitrary<String> oversized = Combinators.combine(goodFields(endpoint), Arbitraries.integers().between(17_000, 40_000))
			.as((fields, size) -> {
				Map<String, String> padded = new LinkedHashMap<>(fields);
				padded.put("padding", json("p".repeat(size)));
				return render(padded);
			});
		return Arbitraries.frequencyOf(Tuple.of(2, malformed), Tuple.of(1, wrongTop), Tuple.of(1, unicodeText),
				Tuple.of(1, deep), Tuple.of(6, fieldBad), Tuple.of(1, oversized));
	}

	/** A raw JSON value that is wrong for a field (null means: leave the field out). */
	private static Arbitrary<String> badValue(Endpoint endpoint) {
		Arbitrary<String> generic = Arbitraries.of("null", "\"\"", "\"x\"", "1e400", "9223372036854775808",
				"-9223372036854775809", "99999999999999999999999999999", "1.5", "-1", "0", "true", "[]", "{}",
				"\"\\u0000\"", "[1,2]", "{\"a\":1}", "-0.0");
		Arbitrary<String> unicode = Arbitraries.strings().ofMaxLength(40).map(HostileInputTest::json);
		Arbitrary<String> missing = Arbitraries.just(null);
		return Arbitraries.frequencyOf(Tuple.of(6, generic), Tuple.of(2, unicode), Tuple.of(1, missing));
	}

	/** A generic bad value, sharpened per field where a generic one could be accepted. */
	private static String badValueFor(Endpoint endpoint, String name, String value) {
		return switch (name) {
			case "seatNo" -> switch (value) {
				case "true", "null", "[]", "{}" -> value;
				default -> value.startsWith("\"") || value.contains(".") || value.contains("e") || value.startsWith("[")
						|| value.startsWith("{") ? value : "51";
			};
			case "amount" -> value.equals("-0.0") ? "10000001" : value;
			case "concertId" -> endpoint == Endpoint.ISSUE || endpoint == Endpoint.HOLD
					? (value.matches("\\d{1,18}") && !value.equals("0") ? Long.toString(fixture.otherConcert) : value) : value;
			case "reservationIds" -> switch (value) {
				case "[1,2]" -> "[" + json(fixture.strangerHold) + "]";
				case "{\"a\":1}" -> "[" + json(fixture.spentHold) + "]";
				case "-1" -> "[" + json(fixture.userHold) + "," + json(fixture.userHold) + "]";
				case "0" -> "[" + String.join(",", java.util.Collections.nCopies(5, json(UUID.randomUUID().toString())))
						+ "]";
				default -> value;
			};
			default -> value;
		};
	}

	private Arbitrary<Map<String, String>> headers(Endpoint endpoint, boolean hostile) {
		List<Arbitrary<Map<String, String>>> kinds = new ArrayList<>();
		kinds.add(Arbitraries.integers().between(20_000, 60_000).map(n -> Map.of("X-Padding", "p".repeat(n))));
		if (endpoint == Endpoint.CHARGE || endpoint == Endpoint.PAY) {
			kinds.add(Arbitraries.of("k".repeat(201), "", "a b", "é", "key\twith\ttabs", "x".repeat(5000))
				.map(k -> Map.of("Idempotency-Key", k)));
		}
		if (endpoint.hasBody()) {
			kinds.add(Arbitraries.of("text/plain", "application/xml", "application/x.garbage", "multipart/form-data; boundary=x",
					"application/x-www-form-urlencoded")
				.map(t -> Map.of("Content-Type", t)));
		}
		Arbitrary<Map<String, String>> bad = Arbitraries.oneOf(kinds);
		return hostile ? bad : Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(Map.of())), Tuple.of(1, bad));
	}

	private static Map<String, String> fields(String... pairs) {
		Map<String, String> fields = new LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			fields.put(pairs[i], pairs[i + 1]);
		}
		return fields;
	}

	private static String render(Map<String, String> fields) {
		return fields.entrySet().stream()
			.map(e -> json(e.getKey()) + ":" + e.getValue())
			.collect(Collectors.joining(",", "{", "}"));
	}

	private static String json(String text) {
		return JSON.writeValueAsString(text);
	}

	// ---------------------------------------------------------------- the users whose rows must not move

	static final class Fixture {

		final long concert;

		final long otherConcert;

		final java.time.LocalDate date;

		final User user;

		final User stranger;

		final User spent;

		final User outsider;

		final String userHold;

		final String strangerHold;

		final String spentHold;

		final String spentPayment;

		private final Map<TokenKind, String> tokens = new EnumMap<>(TokenKind.class);

		private Fixture(long concert, long otherConcert, java.time.LocalDate date, User user, User stranger, User spent,
				User outsider, String userHold, String strangerHold, String spentHold, String spentPayment) {
			this.concert = concert;
			this.otherConcert = otherConcert;
			this.date = date;
			this.user = user;
			this.stranger = stranger;
			this.spent = spent;
			this.outsider = outsider;
			this.userHold = userHold;
			this.strangerHold = strangerHold;
			this.spentHold = spentHold;
			this.spentPayment = spentPayment;
		}

		/**
		 * A user with a hold and a charged balance, another user with a hold, a user whose token a
		 * payment spent, and a user of another concert.
		 */
		static Fixture make(String secret) {
			TestConcerts concerts = new TestConcerts(db);
			TestConcerts.Concert concert = concerts.create();
			TestConcerts.Concert other = concerts.create();
			User user = api.activeUser(concert.id());
			User stranger = api.activeUser(concert.id());
			User spent = api.activeUser(concert.id());
			User outsider = api.activeUser(other.id());
			api.charge(user, 5_000);
			String userHold = api.hold(user, concert.id(), concert.date(), 1).field("reservationId");
			String strangerHold = api.hold(stranger, concert.id(), concert.date(), 2).field("reservationId");
			String spentHold = api.hold(spent, concert.id(), concert.date(), 3).field("reservationId");
			api.charge(spent, TestConcerts.price(3));
			Response paid = api.post("/api/v1/payments", spent.token(), Map.of("reservationIds", List.of(spentHold)));
			assertThat(paid.status()).as(paid.text()).isEqualTo(201);
			Fixture fixture = new Fixture(concert.id(), other.id(), concert.date(), user, stranger, spent, outsider,
					userHold, strangerHold, spentHold, paid.field("paymentId"));
			fixture.forge(secret);
			return fixture;
		}

		private void forge(String secret) {
			String[] parts = this.user.token().split("\\.");
			String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
			String otherSubject = payload.replace(this.user.id().toString(), this.stranger.id().toString());
			this.tokens.put(TokenKind.VALID, this.user.token());
			this.tokens.put(TokenKind.TAMPERED, parts[0] + "." + b64(otherSubject) + "." + parts[2]);
			this.tokens.put(TokenKind.ALG_NONE, b64("{\"alg\":\"none\"}") + "." + parts[1] + ".");
			this.tokens.put(TokenKind.OTHER_KEY, jwt(this.user.id(), Instant.now().plusSeconds(3600),
					"another-key-another-key-another-key!".getBytes(StandardCharsets.UTF_8), Jwts.SIG.HS256));
			this.tokens.put(TokenKind.OTHER_ALGORITHM, jwt(this.user.id(), Instant.now().plusSeconds(3600),
					(secret + secret).getBytes(StandardCharsets.UTF_8), Jwts.SIG.HS512));
			this.tokens.put(TokenKind.EXPIRED, jwt(this.user.id(), Instant.now().minusSeconds(3600),
					secret.getBytes(StandardCharsets.UTF_8), Jwts.SIG.HS256));
			this.tokens.put(TokenKind.SPENT, this.spent.token());
			this.tokens.put(TokenKind.OTHER_CONCERT, this.outsider.token());
			this.tokens.put(TokenKind.STRANGER, this.stranger.token());
		}

		private String jwt(UUID subject, Instant expiry, byte[] key, io.jsonwebtoken.security.MacAlgorithm algorithm) {
			return Jwts.builder()
				.subject(subject.toString())
				.id(UUID.randomUUID().toString())
				.claim("cid", this.concert)
				.claim("seq", 1)
				.issuedAt(Date.from(expiry.minusSeconds(7200)))
				.expiration(Date.from(expiry))
				.signWith(Keys.hmacShaKeyFor(key), algorithm)
				.compact();
		}

		String token(TokenKind kind, String garbage) {
			return kind == TokenKind.GARBAGE ? garbage : this.tokens.get(kind);
		}

		/** Every row of the fixture's users, as one comparable string. */
		String writes() {
			String users = List.of(this.user, this.stranger, this.spent, this.outsider).stream()
				.map(u -> "'" + u.id() + "'")
				.collect(Collectors.joining(","));
			return db.sql("SELECT CONCAT_WS('/', (SELECT GROUP_CONCAT(CONCAT(id, status) ORDER BY id) FROM reservation "
					+ "WHERE user_id IN (" + users + ")), (SELECT GROUP_CONCAT(CONCAT(user_id, balance) ORDER BY user_id) "
					+ "FROM wallet WHERE user_id IN (" + users + ")), (SELECT COUNT(*) FROM ledger WHERE user_id IN ("
					+ users + ")), (SELECT COUNT(*) FROM payment WHERE user_id IN (" + users + ")), (SELECT COUNT(*) "
					+ "FROM idempotency_record WHERE user_id IN (" + users + "))) AS w")
				.map(row -> row.get("w", String.class))
				.first()
				.block();
		}

		private static String b64(String text) {
			return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
		}

	}

}
