package io.stagedoor.wallet;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.stagedoor.support.Api.Response;
import io.stagedoor.support.Api.User;
import io.stagedoor.support.IntegrationTest;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@TestPropertySource(properties = { "stagedoor.payment-gateway.failure-rate=1", "stagedoor.payment-gateway.latency=50ms" })
class DeclinedChargeTest extends IntegrationTest {

	@Test
	void aDeclinedChargeIs402AndCreditsNothingAndItsKeyMayBeRetried() {
		User user = this.api.activeUser(this.concerts.create().id());
		Response declined = this.api.post("/api/v1/users/" + user.id() + "/balance/charge", user.token(),
				Map.of("amount", 10_000), "declined-once");
		assertThat(declined.status()).isEqualTo(402);
		assertThat(declined.code()).isEqualTo("PAYMENT_DECLINED");
		Response again = this.api.post("/api/v1/users/" + user.id() + "/balance/charge", user.token(),
				Map.of("amount", 10_000), "declined-once");
		assertThat(again.code()).as("the key was given back, the gateway asked again").isEqualTo("PAYMENT_DECLINED");
		assertThat(this.api.get("/api/v1/users/" + user.id() + "/balance", user.token()).body().get("balance").asLong())
			.isZero();
		assertThat(number("SELECT COUNT(*) AS n FROM ledger WHERE user_id = :p", user.id().toString())).isZero();
	}

}
