package io.stagedoor.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.stagedoor.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request the server cannot read (here: headers over the limit, answered 431) must still be
 * answered, and the client must be able to read that answer, whatever the connection went through
 * before and whatever the client is still sending. These are the two ways a refused request was
 * lost (the hang seen in {@code HostileInputTest}, issue "Seams", part 1):
 * <ul>
 * <li>on a kept-alive connection, the refused request arrives right after the previous answer:
 * Reactor Netty 1.3.6 handed the refusal to the previous request's operations when they were
 * still attached to the connection, which had already answered — nothing was written and the
 * connection stayed open: the client waited for ever;</li>
 * <li>a client still sending the body behind over-long headers: the server closed with the body
 * unread, the kernel answered with a reset, and the reset destroyed the answer before the client
 * read it.</li>
 * </ul>
 * Both are checked on raw sockets, so that nothing of a client library's pooling hides them.
 */
class RefusedRequestAnswerTest extends IntegrationTest {

	/** Over the header limit (server.max-http-request-header-size, 8 KiB by default). */
	private static final String PADDING = "p".repeat(20_001);

	@Test
	void aRefusedRequestRightAfterAnAnswerOnTheSameConnectionIsAnswered() throws Exception {
		for (int i = 0; i < 300; i++) {
			try (Socket socket = connect()) {
				OutputStream out = socket.getOutputStream();
				InputStream in = socket.getInputStream();
				RawHttp.send(out, "GET /api/v1/concerts HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\r\n");
				assertThat(RawHttp.readResponse(in).status()).as("the first answer, round %d", i).isEqualTo(200);
				RawHttp.send(out, "POST /api/v1/queue/tokens HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
						+ "X-Padding: " + PADDING + "\r\nContent-Length: 2\r\n\r\n{}");
				RawHttp.readRefusal(in, 431, String.format("the refused request's answer, round %d", i));
				assertThat(in.read()).as("the connection ends after the refusal, round %d", i).isEqualTo(-1);
			}
		}
	}

	@Test
	void aRefusedRequestAfterARefusalThatLeftItsBodyUnreadIsAnswered() throws Exception {
		String body = "{\"concertId\":1,\"date\":\"2026-12-24\",\"seatNo\":1,\"pad\":\"" + "x".repeat(3000) + "\"}";
		for (int i = 0; i < 100; i++) {
			try (Socket socket = connect()) {
				OutputStream out = socket.getOutputStream();
				InputStream in = socket.getInputStream();
				// refused (401, no token) before its body is read
				RawHttp.send(out, "POST /api/v1/reservations HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
						+ "Content-Length: " + body.length() + "\r\n\r\n" + body);
				assertThat(RawHttp.readResponse(in).status()).as("the first refusal, round %d", i).isEqualTo(401);
				RawHttp.send(out, "GET /api/v1/concerts HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + PADDING + "\r\n\r\n");
				RawHttp.readRefusal(in, 431, String.format("the refused request's answer, round %d", i));
			}
		}
	}

	@Test
	void aRefusedRequestPipelinedBehindAnotherIsAnswered() throws Exception {
		for (int i = 0; i < 50; i++) {
			try (Socket socket = connect()) {
				OutputStream out = socket.getOutputStream();
				InputStream in = socket.getInputStream();
				RawHttp.send(out, "GET /api/v1/concerts HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\r\n"
						+ "GET /api/v1/concerts HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + PADDING + "\r\n\r\n");
				assertThat(RawHttp.readResponse(in).status()).as("the first answer, round %d", i).isEqualTo(200);
				RawHttp.readRefusal(in, 431, String.format("the refused request's answer, round %d", i));
			}
		}
	}

	@Test
	void aRefusedRequestIsReadWhileItsBodyIsStillBeingSent() throws Exception {
		for (int i = 0; i < 20; i++) {
			try (Socket socket = connect()) {
				OutputStream out = socket.getOutputStream();
				int length = 256 * 1024;
				out.write(("POST /api/v1/queue/tokens HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
						+ "X-Padding: " + PADDING + "\r\nContent-Length: " + length + "\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
				CompletableFuture<Void> body = CompletableFuture.runAsync(() -> {
					byte[] chunk = new byte[8192];
					Arrays.fill(chunk, (byte) ' ');
					try {
						for (int sent = 0; sent < length; sent += chunk.length) {
							out.write(chunk);
						}
						out.flush();
					}
					catch (IOException ex) {
						// the server may close once it has drained for a while; the answer is what counts
					}
				});
				RawHttp.readRefusal(socket.getInputStream(), 431, String.format("round %d", i));
				assertThat(socket.getInputStream().read()).as("an orderly end after the answer, round %d", i)
					.isEqualTo(-1);
				body.get(30, TimeUnit.SECONDS);
			}
		}
	}

	private Socket connect() throws IOException {
		Socket socket = new Socket("127.0.0.1", this.port);
		socket.setSoTimeout(15_000);
		return socket;
	}

}
