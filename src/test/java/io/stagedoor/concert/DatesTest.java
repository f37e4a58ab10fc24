package io.stagedoor.concert;

import org.junit.jupiter.api.Test;

import io.stagedoor.support.Api.Response;
import io.stagedoor.support.Api.User;
import io.stagedoor.support.IntegrationTest;
import io.stagedoor.support.TestConcerts;

import static org.assertj.core.api.Assertions.assertThat;

/** Dates are the venue's, whatever the JVM's zone (the suite runs in Asia/Seoul, the venue too, CI in UTC). */
class DatesTest extends IntegrationTest {

	@Test
	void onlyDatesFromTodayInTheVenuesZoneAreOnSaleWithTheirAvailableSeats() {
		var today = TestConcerts.today();
		TestConcerts.Concert concert = this.concerts.create(today.plusDays(2), today.minusDays(1), today, today.plusDays(1));
		User user = this.api.activeUser(concert.id());
		this.api.hold(user, concert.id(), today, 1);
		this.api.hold(user, concert.id(), today, 2);

		Response dates = this.api.get("/api/v1/concerts/" + concert.id() + "/dates", user.token());
		assertThat(dates.body().get("dates")).hasSize(3);
		assertThat(dates.body().get("dates").get(0).get("date").asString()).isEqualTo(today.toString());
		assertThat(dates.body().get("dates").get(0).get("availableSeats").asInt()).isEqualTo(48);
		assertThat(dates.body().get("dates").get(1).get("date").asString()).isEqualTo(today.plusDays(1).toString());
		assertThat(dates.body().get("dates").get(2).get("date").asString()).isEqualTo(today.plusDays(2).toString());

		Response past = this.api.get("/api/v1/concerts/" + concert.id() + "/dates/" + today.minusDays(1) + "/seats",
				user.token());
		assertThat(past.code()).isEqualTo("NOT_FOUND");
		assertThat(this.api.hold(user, concert.id(), today.minusDays(1), 3).code()).isEqualTo("NOT_FOUND");
	}

	@Test
	void theConcertListNeedsNoToken() {
		TestConcerts.Concert concert = this.concerts.create();
		Response list = this.api.get("/api/v1/concerts", null);
		assertThat(list.status()).isEqualTo(200);
		assertThat(list.text()).contains("\"concertId\":" + concert.id());
	}

}
