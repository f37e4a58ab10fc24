package io.stagedoor.queue;

import reactor.core.publisher.Mono;

import io.stagedoor.security.QueueToken;
import io.stagedoor.security.QueueTokens;
import io.stagedoor.web.RejectedException;
import io.stagedoor.web.Rejection;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;

/**
 * Gives controllers their caller from the queue token, never from a body or query field: a
 * {@link QueueToken} parameter gets the verified token alone, a {@link Caller} parameter also passes
 * the gate (live, or active with {@link ActiveEntry}). The token comes from
 * {@code Authorization: Bearer}, and on the event stream also from {@code ?token=}, since browsers'
 * {@code EventSource} cannot set headers.
 */
@Component
class CallerArgumentResolver implements HandlerMethodArgumentResolver {

	static final String EVENTS_PATH = "/api/v1/queue/events";

	private final QueueTokens tokens;

	private final QueueGate gate;

	CallerArgumentResolver(QueueTokens tokens, QueueGate gate) {
		this.tokens = tokens;
		this.gate = gate;
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		Class<?> type = parameter.getParameterType();
		return type == Caller.class || type == QueueToken.class;
	}

	@Override
	public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext context, ServerWebExchange exchange) {
		return Mono.fromCallable(() -> this.tokens.verify(bearer(exchange))).flatMap(token -> {
			if (parameter.getParameterType() == QueueToken.class) {
				return Mono.just(token);
			}
			return parameter.hasParameterAnnotation(ActiveEntry.class) ? this.gate.active(token) : this.gate.live(token);
		});
	}

	private static String bearer(ServerWebExchange exchange) {
		String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
		if (StringUtils.hasText(header)) {
			if (header.regionMatches(true, 0, "Bearer ", 0, 7) && header.length() > 7) {
				return header.substring(7).trim();
			}
			throw new RejectedException(Rejection.TOKEN_INVALID, "the Authorization header is not 'Bearer <token>'");
		}
		if (EVENTS_PATH.equals(exchange.getRequest().getPath().value())) {
			String query = exchange.getRequest().getQueryParams().getFirst("token");
			if (StringUtils.hasText(query)) {
				return query;
			}
		}
		throw new RejectedException(Rejection.TOKEN_MISSING, "this needs a queue token: Authorization: Bearer <token>");
	}

}
