package io.stagedoor.support;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.netty.channel.ChannelOption;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;

import static org.awaitility.Awaitility.await;

/**
 * A client of the API as a user's program sees it: status, headers and JSON body. Reactive calls
 * for races (hundreds at once), blocking ones for the steps of a scenario.
 */
public final class Api {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final ConnectionProvider POOL = ConnectionProvider.builder("stagedoor-test")
		.maxConnections(5000)
		.pendingAcquireMaxCount(-1)
		.pendingAcquireTimeout(Duration.ofSeconds(60))
		.build();

	private final WebClient client;

	public Api(String baseUrl) {
		HttpClient http = HttpClient.create(POOL)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
			.responseTimeout(Duration.ofSeconds(30));
		this.client = WebClient.builder()
			.baseUrl(baseUrl)
			.clientConnector(new ReactorClientHttpConnector(http))
			.codecs(c -> c.defaultCodecs().maxInMemorySize(1024 * 1024))
			.build();
	}

	public Mono<Response> call(HttpMethod method, String path, String token, Object body, Map<String, String> headers) {
		return call(this.client.method(method).uri(path), token, body, headers);
	}

	/**
	 * A request to an exact, already encoded URI (a path value that is not a valid one stays as it
	 * is sent); a {@code Content-Type} among the headers replaces the JSON one.
	 */
	public Mono<Response> call(HttpMethod method, java.net.URI uri, String token, Object body, Map<String, String> headers) {
		return call(this.client.method(method).uri(uri), token, body, headers);
	}

	private Mono<Response> call(WebClient.RequestBodySpec request, String token, Object body, Map<String, String> headers) {
		WebClient.RequestBodySpec spec = request.headers(h -> {
			if (token != null) {
				h.setBearerAuth(token);
			}
			headers.forEach(h::set);
		});
		if (body != null && !headers.containsKey(HttpHeaders.CONTENT_TYPE)) {
			spec = spec.contentType(MediaType.APPLICATION_JSON);
		}
		WebClient.RequestHeadersSpec<?> ready = spec;
		if (body instanceof String raw) {
			ready = spec.bodyValue(raw);
		}
		else if (body != null) {
			ready = spec.bodyValue(JSON.writeValueAsString(body));
		}
		return ready.exchangeToMono(response -> response.bodyToMono(String.class)
			.defaultIfEmpty("")
			.map(text -> new Response(response.statusCode().value(), response.headers().asHttpHeaders(),
					text.isEmpty() ? JsonNodeFactory.instance.nullNode() : parse(text), text)));
	}

	private static JsonNode parse(String text) {
		try {
			return JSON.readTree(text);
		}
		catch (RuntimeException ex) {
			return JsonNodeFactory.instance.nullNode();
		}
	}

	/** The live line of a token as server-sent events, token in the query as a browser sends it. */
	public Flux<ServerSentEvent<String>> events(String token) {
		return this.client.get()
			.uri(b -> b.path("/api/v1/queue/events").queryParam("token", token).build())
			.accept(MediaType.TEXT_EVENT_STREAM)
			.retrieve()
			.bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {
			});
	}

	public Response get(String path, String token) {
		return call(HttpMethod.GET, path, token, null, Map.of()).block();
	}

	public Response post(String path, String token, Object body) {
		return call(HttpMethod.POST, path, token, body, Map.of()).block();
	}

	public Response post(String path, String token, Object body, String idempotencyKey) {
		return call(HttpMethod.POST, path, token, body, Map.of("Idempotency-Key", idempotencyKey)).block();
	}

	public Response delete(String path, String token) {
		return call(HttpMethod.DELETE, path, token, null, Map.of()).block();
	}

	/** The test profile's admin key (stagedoor.admin.key in application-test.yml). */
	public static final String ADMIN_KEY = "stagedoor-test-admin-key";

	/** An admin API call with the given key ({@code null}: none) as operator {@code actor}. */
	public Response admin(HttpMethod method, String path, Object body, String key, String actor) {
		Map<String, String> headers = new java.util.HashMap<>();
		if (key != null) {
			headers.put("X-Admin-Key", key);
		}
		if (actor != null) {
			headers.put("X-Admin-Actor", actor);
		}
		return call(method, path, null, body, headers).block();
	}

	/** An admin API call with the right key. */
	public Response admin(HttpMethod method, String path, Object body) {
		return admin(method, path, body, ADMIN_KEY, "test-operator");
	}

	public Response enter(UUID userId, long concertId) {
		return post("/api/v1/queue/tokens", null, Map.of("userId", userId.toString(), "concertId", concertId));
	}

	/** A new user who entered the line and was admitted. */
	public User activeUser(long concertId) {
		UUID userId = UUID.randomUUID();
		Response entered = enter(userId, concertId);
		if (entered.status() != 201) {
			throw new IllegalStateException("could not enter: " + entered);
		}
		User user = new User(userId, entered.body().get("token").asString());
		awaitActive(user);
		return user;
	}

	public void awaitActive(User user) {
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
			Response status = get("/api/v1/queue/status", user.token());
			return status.status() == 200 && "ACTIVE".equals(status.body().get("status").asString());
		});
	}

	/** Charges the user's balance and returns the new balance. */
	public long charge(User user, long amount) {
		Response charged = post("/api/v1/users/" + user.id() + "/balance/charge", user.token(), Map.of("amount", amount));
		if (charged.status() != 200) {
			throw new IllegalStateException("could not charge: " + charged);
		}
		return charged.body().get("balance").asLong();
	}

	public Response hold(User user, long concertId, Object date, int seatNo) {
		return post("/api/v1/reservations", user.token(),
				Map.of("concertId", concertId, "date", date.toString(), "seatNo", seatNo));
	}

	public record User(UUID id, String token) {
	}

	public record Response(int status, HttpHeaders headers, JsonNode body, String text) {

		public String code() {
			JsonNode code = this.body.get("code");
			return code == null ? null : code.asString();
		}

		public String field(String name) {
			JsonNode value = this.body.get(name);
			return value == null || value.isNull() ? null : value.asString();
		}

	}

}
