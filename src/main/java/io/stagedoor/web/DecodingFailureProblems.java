package io.stagedoor.web;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import reactor.netty.NettyPipeline;
import reactor.netty.channel.ChannelOperations;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * Reactor Netty answers a request it cannot decode (headers over the size limit: 431, a request
 * line too long: 414, a malformed request: 400) by itself, before any filter runs, with an empty
 * body, and closes the connection. This rewrites those answers, and only those (a 4xx with no body
 * and no content type, which the application never sends), as problem+json with code
 * {@code INVALID_REQUEST} and their own status, like every other refusal.
 *
 * <p>
 * It also makes sure the client <em>reads</em> the answer. Reactor Netty closes the connection the
 * moment the answer is written, while the client may still be sending the rest of its request (a
 * body behind over-long headers). Closing a socket with unread bytes in its receive buffer makes the
 * kernel send a reset instead of a FIN, and a reset makes the client's kernel throw away the answer
 * it has not read yet: the client sees "connection closed before the response" — or, when it is
 * still writing a long body, waits on a write to a peer that no longer answers. RFC 9112 §9.6 names
 * the cure, a lingering close: after an answer that ends the connection the server closes only its
 * writing side (the client reads the answer and then an orderly end), keeps reading and discarding
 * what the client still sends, and closes for good when the client closes or after {@link #LINGER}.
 */
@Component
class DecodingFailureProblems implements NettyServerCustomizer {

	private static final String HANDLER = "stagedoor.decodingFailureProblems";

	private static final String ORDER = "stagedoor.refusalAfterThePreviousExchange";

	/** How long a refused connection keeps draining the client's request before it is closed. */
	static final long LINGER_MILLIS = 2_000;

	@Override
	public reactor.netty.http.server.HttpServer apply(reactor.netty.http.server.HttpServer server) {
		return server.doOnChannelInit((observer, channel, address) -> {
			if (channel.pipeline().get(NettyPipeline.HttpCodec) != null && channel.pipeline().get(HANDLER) == null) {
				channel.pipeline().addAfter(NettyPipeline.HttpCodec, HANDLER, new Rewriter());
				channel.pipeline().addAfter(HANDLER, ORDER, new AfterThePreviousExchange());
			}
		});
	}

	/**
	 * Hands a request that could not be decoded on only once the connection's previous exchange has
	 * finished. Reactor Netty 1.3.6 answers such a request through the operations attached to the
	 * connection; on a kept-alive connection those can still be the previous request's, whose answer is
	 * already on the wire while its handler finishes (a filter, a metric, a timer): the refusal then
	 * completes those operations, nothing is written, and the client waits for ever (the hang of issue
	 * "Seams", part 1; {@code RefusedRequestAnswerTest} opens that window on purpose). Requests it can
	 * decode are not affected: Reactor Netty already queues those behind an unfinished exchange.
	 */
	static final class AfterThePreviousExchange extends ChannelInboundHandlerAdapter {

		private boolean refused;

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			if (this.refused) {
				// after a request it cannot read the decoder passes nothing on; whatever comes is dropped
				ReferenceCountUtil.release(msg);
				return;
			}
			if (msg instanceof HttpRequest request && request.decoderResult().isFailure()) {
				this.refused = true;
				ChannelOperations<?, ?> previous = ChannelOperations.get(ctx.channel());
				if (previous != null) {
					previous.onTerminate()
						.subscribe(null, failed -> ReferenceCountUtil.release(msg),
								() -> ctx.executor().execute(() -> handOn(ctx, msg)));
					return;
				}
			}
			ctx.fireChannelRead(msg);
		}

		private static void handOn(ChannelHandlerContext ctx, Object msg) {
			if (ctx.channel().isActive()) {
				ctx.fireChannelRead(msg);
				ctx.fireChannelReadComplete();
			}
			else {
				ReferenceCountUtil.release(msg);
			}
		}

	}

	@ChannelHandler.Sharable
	static final class Rewriter extends ChannelOutboundHandlerAdapter {

		@Override
		public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
			if (msg instanceof FullHttpResponse response && isBareClientError(response)) {
				boolean closing = HttpHeaderValues.CLOSE.contentEqualsIgnoreCase(
						response.headers().get(HttpHeaderNames.CONNECTION, ""));
				FullHttpResponse problem = problem(response);
				if (!closing) {
					ctx.write(problem, promise);
					return;
				}
				// The caller's promise carries its "close the connection" listener: it completes only
				// once the client had the chance to read the answer (see linger).
				ChannelPromise written = ctx.newPromise();
				ctx.write(problem, written);
				written.addListener(done -> linger(ctx, promise, (ChannelFuture) done));
				return;
			}
			ctx.write(msg, promise);
		}

		private static FullHttpResponse problem(FullHttpResponse response) {
			int status = response.status().code();
			String reason = response.status().reasonPhrase();
			byte[] body = ("{\"type\":\"" + Rejection.INVALID_REQUEST.type() + "\",\"title\":\"" + reason
					+ "\",\"status\":" + status + ",\"detail\":\"" + reason.toLowerCase()
					+ ": the request could not be read\",\"code\":\"" + Rejection.INVALID_REQUEST.name() + "\"}")
				.getBytes(StandardCharsets.UTF_8);
			FullHttpResponse problem = response.replace(Unpooled.wrappedBuffer(body));
			problem.headers()
				.set(HttpHeaderNames.CONTENT_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE)
				.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
			response.release();
			return problem;
		}

		/**
		 * Half-closes after the answer (FIN after its last byte), then drains what the client still
		 * sends (the decoder discards everything after a decoding failure), and lets the caller close
		 * the connection when the client closes its side or after {@link #LINGER_MILLIS}.
		 */
		private static void linger(ChannelHandlerContext ctx, ChannelPromise promise, ChannelFuture written) {
			if (!written.isSuccess()) {
				promise.tryFailure(written.cause());
				return;
			}
			Channel channel = ctx.channel();
			if (!(channel instanceof DuplexChannel duplex) || !channel.isActive()) {
				promise.trySuccess();
				return;
			}
			channel.closeFuture().addListener(closed -> promise.trySuccess());
			ctx.executor().schedule(() -> promise.trySuccess(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
			duplex.shutdownOutput().addListener(shut -> {
				if (!shut.isSuccess()) {
					promise.trySuccess();
					return;
				}
				channel.config().setAutoRead(true);
				channel.read();
			});
		}

		private static boolean isBareClientError(FullHttpResponse response) {
			int status = response.status().code();
			return status >= 400 && status < 500 && response.content().readableBytes() == 0
					&& !response.headers().contains(HttpHeaderNames.CONTENT_TYPE);
		}

	}

}
