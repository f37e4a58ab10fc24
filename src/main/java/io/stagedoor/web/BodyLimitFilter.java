package io.stagedoor.web;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Refuses a declared body over 16 KiB before reading a byte of it. A chunked body with no length is
 * stopped by the codecs' {@code spring.codec.max-in-memory-size} instead; both end as 413.
 */
@Component
class BodyLimitFilter implements WebFilter, Ordered {

	static final long MAX_BODY_BYTES = 16 * 1024;

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		long length = exchange.getRequest().getHeaders().getContentLength();
		if (length > MAX_BODY_BYTES) {
			return Mono.error(new RejectedException(Rejection.PAYLOAD_TOO_LARGE,
					"the request body is larger than 16 KiB"));
		}
		return chain.filter(exchange);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
