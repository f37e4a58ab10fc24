package io.stagedoor.web;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import io.lettuce.core.RedisException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.WebExceptionHandler;

/**
 * The one place where a failure becomes an answer: every error of every endpoint, filter and route
 * ends here as RFC 9457 problem+json with the {@code code} of API.md. It runs before Spring's own
 * error handler, so nothing answers with a stack trace, SQL or a Redis key.
 * <p>
 * Failure policy: a lost Redis or database is a 503 with {@code Retry-After}, never a hang (the
 * client and pool timeouts see to that) and never a 500. Anything this class does not recognise is
 * a bug: logged in full, answered 500 with no detail.
 */
@Component
@Order(-2)
class ProblemAdvice implements WebExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

	static final long RETRY_AFTER_UNAVAILABLE_SECONDS = 2;

	private static final Map<Rejection, HttpStatus> STATUS = new EnumMap<>(Rejection.class);

	static {
		STATUS.put(Rejection.INVALID_REQUEST, HttpStatus.BAD_REQUEST);
		STATUS.put(Rejection.TOKEN_MISSING, HttpStatus.UNAUTHORIZED);
		STATUS.put(Rejection.TOKEN_INVALID, HttpStatus.UNAUTHORIZED);
		STATUS.put(Rejection.TOKEN_EXPIRED, HttpStatus.UNAUTHORIZED);
		STATUS.put(Rejection.PAYMENT_DECLINED, HttpStatus.PAYMENT_REQUIRED);
		STATUS.put(Rejection.QUEUE_NOT_ACTIVE, HttpStatus.FORBIDDEN);
		STATUS.put(Rejection.FORBIDDEN, HttpStatus.FORBIDDEN);
		STATUS.put(Rejection.NOT_FOUND, HttpStatus.NOT_FOUND);
		STATUS.put(Rejection.SEAT_UNAVAILABLE, HttpStatus.CONFLICT);
		STATUS.put(Rejection.HOLD_LIMIT, HttpStatus.CONFLICT);
		STATUS.put(Rejection.HOLD_EXPIRED, HttpStatus.CONFLICT);
		STATUS.put(Rejection.PAYMENT_IN_PROGRESS, HttpStatus.CONFLICT);
		STATUS.put(Rejection.ALREADY_PAID, HttpStatus.CONFLICT);
		STATUS.put(Rejection.INSUFFICIENT_BALANCE, HttpStatus.CONFLICT);
		STATUS.put(Rejection.IDEMPOTENCY_CONFLICT, HttpStatus.CONFLICT);
		STATUS.put(Rejection.PAYLOAD_TOO_LARGE, HttpStatus.CONTENT_TOO_LARGE);
		STATUS.put(Rejection.RATE_LIMITED, HttpStatus.TOO_MANY_REQUESTS);
		STATUS.put(Rejection.UNAVAILABLE, HttpStatus.SERVICE_UNAVAILABLE);
		STATUS.put(Rejection.QUEUE_CLOSED, HttpStatus.CONFLICT);
		STATUS.put(Rejection.ADMIN_UNAUTHORIZED, HttpStatus.UNAUTHORIZED);
		STATUS.put(Rejection.ENTRY_INVALID, HttpStatus.FORBIDDEN);
	}

	private final JsonMapper json;

	ProblemAdvice(JsonMapper json) {
		this.json = json;
	}

	/** The HTTP status a rejection is answered with; the only table of them. */
	public static HttpStatus statusOf(Rejection rejection) {
		return STATUS.get(rejection);
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted()) {
			return Mono.error(ex);
		}
		Problem problem = classify(ex, exchange);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", problem.type());
		body.put("title", problem.title());
		body.put("status", problem.status().value());
		body.put("detail", problem.detail());
		body.put("code", problem.code());
		body.put("instance", exchange.getRequest().getPath().value());
		body.putAll(problem.extra());
		response.setStatusCode(problem.status());
		HttpHeaders headers = response.getHeaders();
		headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		if (problem.retryAfterSeconds() != null) {
			headers.set(HttpHeaders.RETRY_AFTER, Long.toString(problem.retryAfterSeconds()));
		}
		DataBuffer buffer = response.bufferFactory().wrap(this.json.writeValueAsBytes(body));
		return response.writeWith(Mono.just(buffer));
	}

	private Problem classify(Throwable ex, ServerWebExchange exchange) {
		if (ex instanceof RejectedException rejected) {
			return Problem.of(rejected.rejection(), rejected.getMessage(), rejected.extra(), rejected.retryAfterSeconds());
		}
		if (causedBy(ex, DataBufferLimitException.class)) {
			return Problem.of(Rejection.PAYLOAD_TOO_LARGE, "the request body is larger than 16 KiB", Map.of(), null);
		}
		if (ex instanceof ServerWebInputException input) {
			return Problem.of(Rejection.INVALID_REQUEST, inputDetail(input), Map.of(), null);
		}
		if (ex instanceof ResponseStatusException status) {
			return fromStatus(status.getStatusCode(), exchange);
		}
		if (isOutage(ex)) {
			log.warn("Answering 503 for {} {}: {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(),
					rootMessage(ex));
			log.debug("The outage behind that 503", ex);
			return Problem.of(Rejection.UNAVAILABLE, "a backing store cannot be reached; try again shortly", Map.of(),
					RETRY_AFTER_UNAVAILABLE_SECONDS);
		}
		log.error("Unexpected failure on {} {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), ex);
		return new Problem("about:blank", "Internal error", HttpStatus.INTERNAL_SERVER_ERROR,
				"an unexpected error occurred", "INTERNAL", Map.of(), null);
	}

	private static Problem fromStatus(HttpStatusCode code, ServerWebExchange exchange) {
		HttpStatus status = HttpStatus.resolve(code.value());
		if (status == HttpStatus.NOT_FOUND) {
			return Problem.of(Rejection.NOT_FOUND, "no such resource: " + exchange.getRequest().getPath().value(), Map.of(),
					null);
		}
		if (status == HttpStatus.CONTENT_TOO_LARGE) {
			return Problem.of(Rejection.PAYLOAD_TOO_LARGE, "the request body is larger than 16 KiB", Map.of(), null);
		}
		if (status != null && status.is4xxClientError()) {
			// 405, 406, 415: a request this API does not take, told with its own status
			return new Problem(Rejection.INVALID_REQUEST.type(), status.getReasonPhrase(), status,
					status.getReasonPhrase().toLowerCase(), Rejection.INVALID_REQUEST.name(), Map.of(), null);
		}
		if (status == HttpStatus.SERVICE_UNAVAILABLE) {
			return Problem.of(Rejection.UNAVAILABLE, "the service is not ready; try again shortly", Map.of(),
					RETRY_AFTER_UNAVAILABLE_SECONDS);
		}
		return new Problem("about:blank", "Internal error", HttpStatus.INTERNAL_SERVER_ERROR,
				"an unexpected error occurred", "INTERNAL", Map.of(), null);
	}

	private static String inputDetail(ServerWebInputException input) {
		if (input.getMethodParameter() != null && input.getMethodParameter().getParameterName() != null
				&& input.getMethodParameter().hasParameterAnnotation(org.springframework.web.bind.annotation.PathVariable.class)) {
			return "bad value for '" + input.getMethodParameter().getParameterName() + "'";
		}
		if (input.getMethodParameter() != null && input.getMethodParameter().hasParameterAnnotation(
				org.springframework.web.bind.annotation.RequestParam.class)) {
			return "bad value for query parameter '" + input.getMethodParameter().getParameterName() + "'";
		}
		return "the request body is missing, not JSON, or has a field of the wrong type";
	}

	static boolean isOutage(Throwable ex) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t instanceof DataAccessResourceFailureException || t instanceof QueryTimeoutException
					|| t instanceof TransientDataAccessException || t instanceof RedisSystemException
					|| t instanceof CannotCreateTransactionException || t instanceof RedisException
					|| t instanceof R2dbcNonTransientResourceException || t instanceof R2dbcTransientResourceException
					|| t instanceof R2dbcTimeoutException || t instanceof TimeoutException
					|| t instanceof java.net.ConnectException || t instanceof java.nio.channels.ClosedChannelException
					// a store's connection reset under a command (Lettuce passes Netty's native error on untranslated)
					|| t instanceof java.net.SocketException || t.getClass().getName().startsWith("io.netty.channel.unix.Errors$")
					|| t.getClass().getName().startsWith("reactor.pool.") || isConnectionLostByDriver(t)) {
				return true;
			}
			if (t.getCause() == t) {
				break;
			}
		}
		return false;
	}

	/**
	 * r2dbc-mysql fails the requests still queued on a connection that the server dropped with a
	 * plain {@code IllegalStateException("Request queue was disposed")} from its client package:
	 * a lost database, not a bug (DatabaseOutageTest kills MariaDB under payments and sees it).
	 */
	private static boolean isConnectionLostByDriver(Throwable t) {
		StackTraceElement[] trace = t.getStackTrace();
		return t instanceof IllegalStateException && trace.length > 0
				&& trace[0].getClassName().startsWith("io.asyncer.r2dbc.mysql.client.");
	}

	private static boolean causedBy(Throwable ex, Class<? extends Throwable> type) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (type.isInstance(t)) {
				return true;
			}
			if (t.getCause() == t) {
				break;
			}
		}
		return false;
	}

	private static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root.getClass().getSimpleName() + ": " + root.getMessage();
	}

	record Problem(String type, String title, HttpStatus status, String detail, String code, Map<String, Object> extra,
			Long retryAfterSeconds) {

		static Problem of(Rejection rejection, String detail, Map<String, Object> extra, Long retryAfterSeconds) {
			return new Problem(rejection.type(), rejection.title(), STATUS.get(rejection), detail, rejection.name(), extra,
					retryAfterSeconds);
		}

	}

}
