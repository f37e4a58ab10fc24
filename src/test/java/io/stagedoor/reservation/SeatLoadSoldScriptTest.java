package io.stagedoor.reservation;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code seat-load-sold.lua}: the sold markers rebuilt from the database's sold seats. */
class SeatLoadSoldScriptTest extends SeatScriptTest {

	@Test
	void everyDatesSoldSeatsAreLoadedThenMarkedLoaded() {
		LocalDate next = this.date.plusDays(1);
		String loaded = key(SeatKeys.soldLoaded(this.concert));
		String nextSold = key(SeatKeys.sold(this.concert, next));
		assertThat(runLong(LOAD_SOLD, List.of(loaded, sold(), nextSold), "1,2,30", "")).isEqualTo(1);
		assertThat(this.redis.opsForSet().members(sold()).collectList().block()).containsExactlyInAnyOrder("1", "2", "30");
		assertThat(this.redis.hasKey(nextSold).block()).as("a date with nothing sold").isFalse();
		assertThat(value(loaded)).isEqualTo("1");
	}

	@Test
	void loadingAgainKeepsWhatWasMarked() {
		loadSold("1");
		loadSold("2");
		assertThat(this.redis.opsForSet().members(sold()).collectList().block()).containsExactlyInAnyOrder("1", "2");
	}

}
