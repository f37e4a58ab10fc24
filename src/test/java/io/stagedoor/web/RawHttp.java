package io.stagedoor.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Reads HTTP/1.1 answers off a raw socket, so that no client library's pooling hides what the server did. */
final class RawHttp {

	private RawHttp() {
	}

	/** Writes a request (or several) as given, in one flush. */
	static void send(java.io.OutputStream out, String request) throws IOException {
		out.write(request.getBytes(StandardCharsets.US_ASCII));
		out.flush();
	}

	/** Reads the answer to a request the server could not read: its status, as problem+json, INVALID_REQUEST. */
	static Response readRefusal(InputStream in, int status, String what) throws IOException {
		Response refused = readResponse(in);
		org.assertj.core.api.Assertions.assertThat(refused.status()).as(what).isEqualTo(status);
		org.assertj.core.api.Assertions.assertThat(refused.contentType()).as(what).isEqualTo("application/problem+json");
		org.assertj.core.api.Assertions.assertThat(refused.body()).as(what).contains("\"code\":\"INVALID_REQUEST\"");
		return refused;
	}

	record Response(int status, String contentType, String body) {
	}

	/** One HTTP/1.1 response: its head, then a body of Content-Length bytes or of chunks. */
	static Response readResponse(InputStream in) throws IOException {
		String head = readHead(in);
		String[] lines = head.split("\r\n");
		int status = Integer.parseInt(lines[0].split(" ")[1]);
		String contentType = null;
		int length = -1;
		boolean chunked = false;
		for (String line : lines) {
			String lower = line.toLowerCase(Locale.ROOT);
			if (lower.startsWith("content-type:")) {
				contentType = line.substring(13).trim();
			}
			else if (lower.startsWith("content-length:")) {
				length = Integer.parseInt(line.substring(15).trim());
			}
			else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
				chunked = true;
			}
		}
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		if (chunked) {
			while (true) {
				int size = Integer.parseInt(readLine(in).split(";")[0].trim(), 16);
				body.write(in.readNBytes(size));
				readLine(in);
				if (size == 0) {
					break;
				}
			}
		}
		else if (length >= 0) {
			body.write(in.readNBytes(length));
		}
		return new Response(status, contentType, body.toString(StandardCharsets.UTF_8));
	}

	private static String readHead(InputStream in) throws IOException {
		StringBuilder head = new StringBuilder();
		String line;
		while (!(line = readLine(in)).isEmpty()) {
			head.append(line).append("\r\n");
		}
		return head.toString();
	}

	private static String readLine(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		int c;
		while ((c = in.read()) != '\n') {
			if (c == -1) {
				throw new IOException("the connection ended before the answer was complete: " + line);
			}
			if (c != '\r') {
				line.append((char) c);
			}
		}
		return line.toString();
	}

}
