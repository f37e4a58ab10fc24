package io.stagedoor.web;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import org.junit.jupiter.api.Test;
import reactor.netty.NettyPipeline;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import io.stagedoor.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CI hang of issue "Seams", part 1, made to happen every time. On a kept-alive connection the
 * client has read the whole previous answer and sends a request the server cannot read (headers over
 * the limit), while the server is still finishing the previous exchange: its last write is on the wire
 * but not yet confirmed, so its operations are still attached to the connection. Reactor Netty 1.3.6
 * hands the refusal to those finished operations, nothing is written, and the connection stays open:
 * the client waits for ever. In production the window is short (a busy event loop confirms the last
 * write after it reads the next request); here a handler confirms that write half a second late.
 * Without {@link DecodingFailureProblems.AfterThePreviousExchange} this test times out.
 */
@Import(RefusalAfterAnUnfinishedExchangeTest.LateConfirmation.class)
class RefusalAfterAnUnfinishedExchangeTest extends IntegrationTest {

	private static final String PADDING = "p".repeat(20_001);

	@Test
	void aRefusedRequestSentBeforeThePreviousExchangeFinishedIsAnswered() throws Exception {
		for (int i = 0; i < 5; i++) {
			try (Socket socket = new Socket("127.0.0.1", this.port)) {
				socket.setSoTimeout(30_000); // a busy CI machine may take seconds; the hang this test catches lasts for ever
				OutputStream out = socket.getOutputStream();
				InputStream in = socket.getInputStream();
				RawHttp.send(out, "GET /actuator/health/liveness HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n"
						+ "X-Confirm-Late: yes\r\n\r\n");
				RawHttp.Response first = RawHttp.readResponse(in);
				assertThat(first.status()).as("the first answer, round %d", i).isEqualTo(200);
				RawHttp.send(out, "GET /api/v1/concerts HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + PADDING + "\r\n\r\n");
				RawHttp.readRefusal(in, 431, String.format("the refused request's answer, round %d", i));
				assertThat(in.read()).as("the connection ends after the refusal, round %d", i).isEqualTo(-1);
			}
		}
	}

	/**
	 * The other way a kept-alive connection went deaf (the unanswered requests of HostileInputTest and
	 * AdminApiTest after a quick refusal): a request that arrives before the previous exchange finished
	 * is queued by Reactor Netty; once it ran from that queue, the connection stopped reading, and the
	 * request after it was never read (reactor-netty#4361, #4347).
	 */
	@Test
	void theRequestAfterOneQueuedBehindAnUnfinishedExchangeIsAnswered() throws Exception {
		for (int i = 0; i < 5; i++) {
			try (Socket socket = new Socket("127.0.0.1", this.port)) {
				socket.setSoTimeout(30_000);
				OutputStream out = socket.getOutputStream();
				InputStream in = socket.getInputStream();
				RawHttp.send(out, "GET /actuator/health/liveness HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n"
						+ "X-Confirm-Late: yes\r\n\r\n");
				assertThat(RawHttp.readResponse(in).status()).as("the first answer, round %d", i).isEqualTo(200);
				// queued: the first exchange finishes only half a second after its answer
				RawHttp.send(out, "GET /api/v1/queue/status HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\r\n");
				assertThat(RawHttp.readResponse(in).status()).as("the queued request's answer, round %d", i).isEqualTo(401);
				RawHttp.send(out, "GET /actuator/health/liveness HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\r\n");
				assertThat(RawHttp.readResponse(in).status()).as("the answer after it, round %d", i).isEqualTo(200);
			}
		}
	}

	/**
	 * Confirms the last write of an answer half a second after it was written, for requests that ask
	 * for it: the answer reaches the client at once, its exchange finishes late.
	 */
	@TestConfiguration
	static class LateConfirmation {

		@Bean
		NettyServerCustomizer lateConfirmation() {
			return server -> server.doOnChannelInit((observer, channel, address) -> {
				if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
					channel.pipeline().addAfter(NettyPipeline.HttpCodec, "test.lateConfirmation", new ConfirmLate());
				}
			});
		}

	}

	static final class ConfirmLate extends ChannelDuplexHandler {

		private boolean late;

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			if (msg instanceof HttpRequest request && request.headers().contains("X-Confirm-Late")) {
				this.late = true;
			}
			ctx.fireChannelRead(msg);
		}

		@Override
		public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
			if (!this.late || !(msg instanceof LastHttpContent)) {
				ctx.write(msg, promise);
				return;
			}
			this.late = false;
			ChannelPromise written = ctx.newPromise();
			ctx.write(msg, written);
			written.addListener(done -> ctx.executor().schedule(() -> {
				if (done.isSuccess()) {
					promise.trySuccess();
				}
				else {
					promise.tryFailure(done.cause());
				}
			}, 500, TimeUnit.MILLISECONDS));
		}

	}

}
