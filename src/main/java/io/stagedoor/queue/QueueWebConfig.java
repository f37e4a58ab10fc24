package io.stagedoor.queue;

import org.springdoc.core.utils.SpringDocUtils;

import io.stagedoor.security.QueueToken;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;

/** Registers the gate as a parameter resolver of every controller. */
@Configuration(proxyBeanMethods = false)
class QueueWebConfig implements WebFluxConfigurer {

	static {
		// resolved from the queue token, never sent as parameters: keep them out of the OpenAPI document
		SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class, QueueToken.class);
	}

	private final CallerArgumentResolver callers;

	QueueWebConfig(CallerArgumentResolver callers) {
		this.callers = callers;
	}

	@Override
	public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
		configurer.addCustomResolver(this.callers);
	}

}
