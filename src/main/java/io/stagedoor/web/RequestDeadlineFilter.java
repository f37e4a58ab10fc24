package io.stagedoor.web;

import java.time.Duration;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * The last guard against a hang: a request that has not answered in 15 s is cut and answered 503
 * (a server that stops answering on a connection already open passes every pool timeout). Cutting
 * a payment rolls its transaction back; its claims lapse by themselves. Event streams are exempt:
 * they are meant to stay open.
 */
@Component
class RequestDeadlineFilter implements WebFilter, Ordered {

	static final Duration DEADLINE = Duration.ofSeconds(15);

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		boolean stream = exchange.getRequest().getHeaders().getAccept().contains(MediaType.TEXT_EVENT_STREAM)
				|| exchange.getRequest().getPath().value().endsWith("/events");
		return stream ? chain.filter(exchange) : chain.filter(exchange).timeout(DEADLINE);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 1;
	}

}
