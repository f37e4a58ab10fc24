package io.stagedoor.web;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.netty.NettyPipeline;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * Reactor Netty answers a request it cannot decode (headers over the size limit: 431, a request
 * line too long: 414, a malformed request: 400) by itself, before any filter runs, with an empty
 * body. This rewrites those answers, and only those (a 4xx with no body and no content type, which
 * the application never sends), as problem+json with code {@code INVALID_REQUEST} and their own
 * status, like every other refusal.
 */
@Component
class DecodingFailureProblems implements NettyServerCustomizer {

	private static final String HANDLER = "stagedoor.decodingFailureProblems";

	@Override
	public reactor.netty.http.server.HttpServer apply(reactor.netty.http.server.HttpServer server) {
		return server.doOnChannelInit((observer, channel, address) -> {
			if (channel.pipeline().get(NettyPipeline.HttpCodec) != null && channel.pipeline().get(HANDLER) == null) {
				channel.pipeline().addAfter(NettyPipeline.HttpCodec, HANDLER, new Rewriter());
			}
		});
	}

	@ChannelHandler.Sharable
	static final class Rewriter extends ChannelOutboundHandlerAdapter {

		@Override
		public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
			if (msg instanceof FullHttpResponse response && isBareClientError(response)) {
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
				ctx.write(problem, promise);
				return;
			}
			ctx.write(msg, promise);
		}

		private static boolean isBareClientError(FullHttpResponse response) {
			int status = response.status().code();
			return status >= 400 && status < 500 && response.content().readableBytes() == 0
					&& !response.headers().contains(HttpHeaderNames.CONTENT_TYPE);
		}

	}

}
