package io.stagedoor.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document at {@code /v3/api-docs} and its UI at {@code /docs}. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

	@Bean
	OpenAPI stagedoorOpenApi() {
		return new OpenAPI()
			.info(new Info().title("Stagedoor").version("v1")
				.description("Waiting room and booking for concert ticket sales. Errors are application/problem+json "
						+ "with a `code` (see the README). Every endpoint but token issuance, the concert list, health, "
						+ "metrics and docs needs the queue token as `Authorization: Bearer <token>` (the event stream "
						+ "also takes `?token=`). Additions to the v1 contract: `paymentId` on confirmed reservations, "
						+ "`instance` in problem bodies, `reason` in the SSE `expired` event, 429 RATE_LIMITED with "
						+ "Retry-After on status polls faster than pollAfterMs and on bursts of token issuance from one "
						+ "address; with stagedoor.entry.secret set, token issuance takes only an `entry` signed by the seller's "
						+ "site (403 ENTRY_INVALID otherwise)."))
			.components(new Components().addSecuritySchemes("queueToken",
					new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")))
			.addSecurityItem(new SecurityRequirement().addList("queueToken"));
	}

}
