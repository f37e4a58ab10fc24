package io.stagedoor.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The seller-side examples of the README's "Signed entry" section, taken from the README itself
 * (the fenced block after {@code <!-- entry-example:java -->} or {@code :js -->}), so what the
 * README shows is what the tests run. The Java one is compiled here with the JDK's compiler; the
 * JavaScript one runs under {@code node} where it is installed.
 */
final class SellerExamples {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static Method javaSign;

	private SellerExamples() {
	}

	/** The README's Java example: the {@code entry} member for these inputs, as the seller's site sends it. */
	static JsonNode javaEntry(String secret, String userId, long concertId, long issuedAt, String nonce) {
		try {
			return JSON.readTree((String) javaSign().invoke(null, secret, userId, concertId, issuedAt, nonce));
		}
		catch (IllegalAccessException | InvocationTargetException ex) {
			throw new IllegalStateException("the README's Java example failed", ex);
		}
	}

	/** The README's Java example with the time now and a random nonce. */
	static JsonNode javaEntry(String secret, String userId, long concertId) {
		try {
			Method now = javaSign().getDeclaringClass().getMethod("sign", String.class, String.class, long.class);
			return JSON.readTree((String) now.invoke(null, secret, userId, concertId));
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("the README's Java example failed", ex);
		}
	}

	/** Whether {@code node} can be run here. */
	static boolean nodeInstalled() {
		try {
			Process version = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
			return version.waitFor(20, TimeUnit.SECONDS) && version.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Runs the README's JavaScript example under node with {@code harness}, a module body that may
	 * import {@code ./entry.mjs} and prints one JSON value; returns that value.
	 */
	static JsonNode runJavaScript(String harness) throws IOException, InterruptedException {
		Path dir = Files.createTempDirectory("entry-js");
		Files.writeString(dir.resolve("entry.mjs"), example("js"));
		Files.writeString(dir.resolve("harness.mjs"), harness);
		Process node = new ProcessBuilder("node", "harness.mjs").directory(dir.toFile())
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!node.waitFor(30, TimeUnit.SECONDS) || node.exitValue() != 0) {
			throw new IllegalStateException("node failed on the README's JavaScript example: " + out);
		}
		return JSON.readTree(out);
	}

	private static synchronized Method javaSign() {
		if (javaSign == null) {
			javaSign = compile();
		}
		return javaSign;
	}

	private static Method compile() {
		try {
			Path dir = Files.createTempDirectory("entry-java");
			Path source = dir.resolve("StagedoorEntry.java");
			Files.writeString(source, example("java"));
			JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
			if (javac == null || javac.run(null, null, null, "-d", dir.toString(), source.toString()) != 0) {
				throw new IllegalStateException("the README's Java example does not compile");
			}
			URLClassLoader loader = new URLClassLoader(new URL[] { dir.toUri().toURL() },
					SellerExamples.class.getClassLoader());
			return loader.loadClass("StagedoorEntry")
				.getMethod("sign", String.class, String.class, long.class, long.class, String.class);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("the README's Java example has no sign method", ex);
		}
	}

	/** The fenced code block right after {@code <!-- entry-example:<name> -->} in the README. */
	static String example(String name) throws IOException {
		List<String> lines = Files.readAllLines(Path.of("README.md"));
		int marker = lines.indexOf("<!-- entry-example:" + name + " -->");
		if (marker < 0 || !lines.get(marker + 1).startsWith("```")) {
			throw new IllegalStateException("README.md has no example marked entry-example:" + name);
		}
		StringBuilder code = new StringBuilder();
		for (int i = marker + 2; !lines.get(i).startsWith("```"); i++) {
			code.append(lines.get(i)).append('\n');
		}
		return code.toString();
	}

}
