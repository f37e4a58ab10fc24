package io.stagedoor.web;

import java.io.IOException;

import io.netty.channel.unix.Errors;
import org.junit.jupiter.api.Test;

import org.springframework.dao.InvalidDataAccessApiUsageException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the error advice answers 503 (try again) rather than 500. Found in a full run of RedisOutageTest:
 * Redis killed under a seat-map read reached the advice as Netty's own "connection reset by peer",
 * untranslated, and the buyer got a 500.
 */
class OutageRecognitionTest {

	@Test
	void aStoreConnectionResetUnderACommandIsAnOutage() {
		Errors.NativeIoException reset = new Errors.NativeIoException("recvAddress(..) failed with ECONNRESET: Connection reset by peer", -104);
		assertThat(ProblemAdvice.isOutage(reset)).isTrue();
		assertThat(ProblemAdvice.isOutage(new InvalidDataAccessApiUsageException("wrapped", reset))).isTrue();
		assertThat(ProblemAdvice.isOutage(new java.net.SocketException("Connection reset"))).isTrue();
	}

	@Test
	void aProgrammingErrorIsNot() {
		assertThat(ProblemAdvice.isOutage(new IllegalArgumentException("a bug"))).isFalse();
		assertThat(ProblemAdvice.isOutage(new IOException("not a socket"))).isFalse();
	}

}
