package io.stagedoor.wallet;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import io.stagedoor.support.Api.Response;
import io.stagedoor.support.Api.User;
import io.stagedoor.support.IntegrationTest;

import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

class ChargeRaceTest extends IntegrationTest {

	@Test
	void concurrentChargesAddUpExactly() {
		User user = this.api.activeUser(this.concerts.create().id());
		List<Response> answers = Flux.range(1, 200)
			.flatMap(i -> this.api.call(HttpMethod.POST, "/api/v1/users/" + user.id() + "/balance/charge", user.token(),
					Map.of("amount", i), Map.of()), 200)
			.collectList()
			.block();
		long expected = 200L * 201 / 2;
		assertThat(answers).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
		assertThat(answers).extracting(r -> r.body().get("balance").asLong()).doesNotHaveDuplicates().contains(expected);
		Response balance = this.api.get("/api/v1/users/" + user.id() + "/balance", user.token());
		assertThat(balance.body().get("balance").asLong()).isEqualTo(expected);
		assertThat(ledgerSum(user.id())).isEqualTo(expected);
	}

	@Test
	void concurrentRetriesWithOneKeyChargeOnce() {
		User user = this.api.activeUser(this.concerts.create().id());
		String key = "charge-" + UUID.randomUUID();
		List<Response> answers = Flux.range(0, 100)
			.flatMap(i -> this.api.call(HttpMethod.POST, "/api/v1/users/" + user.id() + "/balance/charge", user.token(),
					Map.of("amount", 5_000), Map.of("Idempotency-Key", key)), 100)
			.collectList()
			.block();
		assertThat(answers).filteredOn(r -> r.status() == 200).isNotEmpty()
			.allSatisfy(r -> assertThat(r.body().get("balance").asLong()).isEqualTo(5_000));
		assertThat(answers).filteredOn(r -> r.status() != 200)
			.allSatisfy(r -> assertThat(r.code()).isEqualTo("IDEMPOTENCY_CONFLICT"));
		Response again = this.api.post("/api/v1/users/" + user.id() + "/balance/charge", user.token(),
				Map.of("amount", 5_000), key);
		assertThat(again.status()).isEqualTo(200);
		assertThat(again.body().get("balance").asLong()).isEqualTo(5_000);
		assertThat(ledgerSum(user.id())).isEqualTo(5_000);
	}

	@Test
	void aChargeOfAnotherUserIsForbiddenAndAmountsOutOfRangeAreRefused() {
		User user = this.api.activeUser(this.concerts.create().id());
		assertThat(this.api.post("/api/v1/users/" + UUID.randomUUID() + "/balance/charge", user.token(),
				Map.of("amount", 5)).code()).isEqualTo("FORBIDDEN");
		for (Object amount : List.of(0, -1, 10_000_001, 1.5, "100", Long.MAX_VALUE)) {
			Response refused = this.api.post("/api/v1/users/" + user.id() + "/balance/charge", user.token(),
					Map.of("amount", amount));
			assertThat(refused.status()).as("amount %s", amount).isEqualTo(400);
			assertThat(refused.code()).isEqualTo("INVALID_REQUEST");
		}
		assertThat(ledgerSum(user.id())).isZero();
	}

	private long ledgerSum(UUID user) {
		return number("SELECT COALESCE(SUM(amount), 0) AS n FROM ledger WHERE user_id = :p", user.toString());
	}

}
