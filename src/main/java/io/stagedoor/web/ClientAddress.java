package io.stagedoor.web;

import java.net.InetSocketAddress;

import org.springframework.http.server.reactive.ServerHttpRequest;

/** The client's address; behind a proxy set {@code server.forward-headers-strategy} so it is the real one. */
public final class ClientAddress {

	private ClientAddress() {
	}

	public static String of(ServerHttpRequest http) {
		InetSocketAddress remote = http.getRemoteAddress();
		return (remote == null || remote.getAddress() == null) ? "unknown" : remote.getAddress().getHostAddress();
	}

}
