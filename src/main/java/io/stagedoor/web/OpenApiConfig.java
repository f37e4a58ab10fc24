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
						+ "site (403 ENTRY_INVALID otherwise). Fair start: before a concert's `saleOpensAt` (in the concert "
						+ "list) an entry joins the pre-queue: status `PRE_QUEUE` with `opensAt` and no position "
						+ "(a state added to the contract; clients treat a status they do not know as WAITING), the "
						+ "event stream sends `prequeue`; at the open the pre-queue stands in the line in a random order, "
						+ "ahead of every later arrival. Operators: the admin API under /admin/api (header X-Admin-Key "
						+ "= stagedoor.admin.key, never the queue token; 401 ADMIN_UNAUTHORIZED) shows each line and "
						+ "pauses, resumes, drains (409 QUEUE_CLOSED on issuance) and changes max-active and "
						+ "admit-per-tick live; the operator page is at /admin."))
			.components(new Components()
				.addSecuritySchemes("queueToken",
						new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT"))
				.addSecuritySchemes("adminKey", new SecurityScheme().type(SecurityScheme.Type.APIKEY)
					.in(SecurityScheme.In.HEADER)
					.name("X-Admin-Key")
					.description("stagedoor.admin.key: the operators' key for /admin/api")))
			.addSecurityItem(new SecurityRequirement().addList("queueToken"));
	}

}
