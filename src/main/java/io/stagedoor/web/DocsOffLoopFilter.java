package io.stagedoor.web;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * springdoc builds the OpenAPI document on its first request, scanning the class path (file reads):
 * blocking work, so requests for the document run on the bounded-elastic scheduler, never on an
 * event-loop thread. (Building it at start-up instead, springdoc's pre-loading, ran in a thread of
 * its own beside the first requests, and a request answered at that moment was seen to hang.)
 */
@Component
class DocsOffLoopFilter implements WebFilter, Ordered {

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String path = exchange.getRequest().getPath().value();
		return path.startsWith("/v3/api-docs") ? chain.filter(exchange).subscribeOn(Schedulers.boundedElastic())
				: chain.filter(exchange);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 2;
	}

}
