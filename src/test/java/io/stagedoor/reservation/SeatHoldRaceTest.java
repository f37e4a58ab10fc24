package io.stagedoor.reservation;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import io.stagedoor.support.Api.Response;
import io.stagedoor.support.Api.User;
import io.stagedoor.support.IntegrationTest;
import io.stagedoor.support.TestConcerts;

import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

class SeatHoldRaceTest extends IntegrationTest {

	@Test
	void concurrentHoldsOnOneSeatHaveOneWinner() {
		TestConcerts.Concert concert = this.concerts.create();
		List<User> users = Flux.range(0, 300)
			.flatMap(i -> reactor.core.publisher.Mono.fromCallable(() -> this.api.activeUser(concert.id()))
				.subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()), 32)
			.collectList()
			.block();

		List<Response> answers = Flux.fromIterable(users)
			.flatMap(user -> this.api.call(HttpMethod.POST, "/api/v1/reservations", user.token(),
					Map.of("concertId", concert.id(), "date", concert.date().toString(), "seatNo", 7), Map.of()), 300)
			.collectList()
			.block();

		assertThat(answers).hasSize(300);
		assertThat(answers).filteredOn(r -> r.status() == 201).hasSize(1);
		assertThat(answers).filteredOn(r -> r.status() != 201)
			.allSatisfy(r -> assertThat(r.code()).isEqualTo("SEAT_UNAVAILABLE"))
			.allSatisfy(r -> assertThat(r.status()).isEqualTo(409));
		assertThat(number("SELECT COUNT(*) AS n FROM reservation WHERE concert_id = :p", concert.id())).isEqualTo(1);
	}

	@Test
	void aUserCannotHoldMoreThanTheLimitEvenAllAtOnce() {
		TestConcerts.Concert concert = this.concerts.create();
		User user = this.api.activeUser(concert.id());
		List<Response> answers = Flux.range(1, 20)
			.flatMap(seat -> this.api.call(HttpMethod.POST, "/api/v1/reservations", user.token(),
					Map.of("concertId", concert.id(), "date", concert.date().toString(), "seatNo", seat), Map.of()), 20)
			.collectList()
			.block();
		assertThat(answers).filteredOn(r -> r.status() == 201).hasSize(4);
		assertThat(answers).filteredOn(r -> r.status() != 201).allSatisfy(r -> assertThat(r.code()).isEqualTo("HOLD_LIMIT"));
	}

}
