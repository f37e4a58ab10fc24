package io.stagedoor.web;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.stagedoor.support.Api.Response;
import io.stagedoor.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI document tells a client author about the additions: the pre-queue and the admin API. */
class OpenApiDocumentTest extends IntegrationTest {

	@Test
	void theDocumentDescribesThePreQueueAndTheAdminApiWithItsOwnKey() {
		Response docs = this.api.get("/v3/api-docs", null);
		assertThat(docs.status()).isEqualTo(200);
		JsonNode document = docs.body();
		assertThat(document.get("info").get("description").asString()).contains("PRE_QUEUE", "/admin/api");
		assertThat(docs.text()).contains("\"PRE_QUEUE\"");
		JsonNode controls = document.get("paths").get("/admin/api/concerts/{concertId}/controls").get("patch");
		assertThat(controls.get("security").get(0).has("adminKey")).isTrue();
		assertThat(document.get("components").get("securitySchemes").get("adminKey").get("name").asString())
			.isEqualTo("X-Admin-Key");
		assertThat(document.get("security").get(0).has("queueToken")).as("the rest takes the queue token").isTrue();
		assertThat(document.get("paths").get("/api/v1/queue/status").get("get").has("security")).isFalse();
	}

}
