package io.stagedoor.web;

import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.stagedoor.support.Api.Response;
import io.stagedoor.support.Api.User;
import io.stagedoor.support.IntegrationTest;
import io.stagedoor.support.TestConcerts.Concert;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A concert id in a path is written in ASCII digits. Found by {@code HostileInputTest}: the holder of an
 * admitted token for concert 3 asked for {@code /concerts/٣/dates} (Arabic-Indic three) and was answered
 * 200 with concert 3's dates, because Spring's conversion reads digits of any script, and hex too.
 */
class PlainNumbersTest extends IntegrationTest {

	@Test
	void aConcertIdInAnotherScriptOrInHexIsRefusedAsInvalid() {
		Concert concert = this.concerts.create();
		User user = this.api.activeUser(concert.id());
		String ascii = String.valueOf(concert.id());
		assertThat(this.api.get("/api/v1/concerts/" + ascii + "/dates", user.token()).status()).isEqualTo(200);

		String arabicIndic = ascii.chars()
			.mapToObj(c -> String.valueOf((char) ('\u0660' + (c - '0'))))
			.collect(Collectors.joining());
		for (String written : new String[] { arabicIndic, "0x" + Long.toHexString(concert.id()), "+" + ascii }) {
			Response refused = this.api.get("/api/v1/concerts/" + written + "/dates", user.token());
			assertThat(refused.status()).as(written).isEqualTo(400);
			assertThat(refused.code()).as(written).isEqualTo("INVALID_REQUEST");
		}
	}

}
