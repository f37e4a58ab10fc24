package io.stagedoor.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP proxy on a loopback port in front of a real server, which a test can take away: {@link #cut}
 * closes every connection and refuses new ones (the server is gone), {@link #freeze} keeps the
 * connections open but passes no byte on (the server hangs), {@link #restore} undoes either. It runs
 * on its own platform threads, never on a reactive one.
 */
public final class TcpProxy implements AutoCloseable {

	private final String targetHost;

	private final int targetPort;

	private final int port;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private volatile ServerSocket listener;

	private volatile boolean frozen;

	public TcpProxy(String targetHost, int targetPort) {
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		this.port = listen(0);
	}

	public int port() {
		return this.port;
	}

	/** The server is gone: open connections close, new ones are refused. */
	public synchronized void cut() {
		close(this.listener);
		this.sockets.forEach(TcpProxy::close);
		this.sockets.clear();
	}

	/** The server hangs: connections stay open, nothing passes either way until {@link #restore}. */
	public void freeze() {
		this.frozen = true;
	}

	/** The server is back: held bytes pass, new connections are taken on the same port. */
	public synchronized void restore() {
		this.frozen = false;
		if (this.listener.isClosed()) {
			listen(this.port);
		}
	}

	@Override
	public void close() {
		this.frozen = false;
		cut();
	}

	private int listen(int at) {
		try {
			ServerSocket server = new ServerSocket();
			server.setReuseAddress(true);
			server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), at));
			this.listener = server;
			start("tcp-proxy-accept", () -> accept(server));
			return server.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void accept(ServerSocket server) {
		while (!server.isClosed()) {
			try {
				Socket client = server.accept();
				Socket upstream = new Socket(this.targetHost, this.targetPort);
				this.sockets.add(client);
				this.sockets.add(upstream);
				start("tcp-proxy-up", () -> pump(client, upstream));
				start("tcp-proxy-down", () -> pump(upstream, client));
			}
			catch (IOException ex) {
				// the listener was closed by cut(), or one connection failed: the client sees it close
			}
		}
	}

	private void pump(Socket from, Socket to) {
		byte[] buffer = new byte[16 * 1024];
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			for (int n; (n = in.read(buffer)) >= 0;) {
				while (this.frozen && !from.isClosed()) {
					LockSupport.parkNanos(5_000_000);
				}
				out.write(buffer, 0, n);
				out.flush();
			}
		}
		catch (IOException ex) {
			// closed by cut() or by either end
		}
		finally {
			close(from);
			close(to);
		}
	}

	private static void start(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		thread.start();
	}

	private static void close(AutoCloseable closeable) {
		try {
			if (closeable != null) {
				closeable.close();
			}
		}
		catch (Exception ex) {
			// already closed
		}
	}

}
