package io.stagedoor.admin;

import org.junit.jupiter.api.Test;

import io.stagedoor.support.Api.Response;
import io.stagedoor.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator page is served at /admin beside the ticket-open page at /, without a browser (so it
 * is checked where Chromium is missing too); OperatorPageBrowserTest drives it.
 */
class OperatorPageTest extends IntegrationTest {

	@Test
	void adminServesTheOperatorPageAndTheRootStaysTheTicketOpenPage() {
		Response admin = this.api.get("/admin", null);
		assertThat(admin.status()).isEqualTo(200);
		assertThat(admin.headers().getContentType().toString()).startsWith("text/html");
		assertThat(admin.headers().getCacheControl()).isEqualTo("no-cache");
		assertThat(admin.text()).contains("<title>Stagedoor — operator</title>", "/admin.js");

		Response script = this.api.get("/admin.js", null);
		assertThat(script.status()).isEqualTo(200);
		assertThat(script.headers().getContentType().toString()).contains("javascript");

		Response root = this.api.get("/", null);
		assertThat(root.status()).isEqualTo(200);
		assertThat(root.text()).contains("<title>Stagedoor — tickets</title>");
	}

	@Test
	void thePageHoldsNoFiguresTheyStayBehindTheAdminKey() {
		Response figures = this.api.get("/admin/api/concerts", null);
		assertThat(figures.status()).isEqualTo(401);
		assertThat(figures.code()).isEqualTo("ADMIN_UNAUTHORIZED");
		assertThat(figures.headers().getContentType().toString()).startsWith("application/problem+json");
	}

}
