package io.stagedoor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.stagedoor.support.Requirements;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The k6 scripts type-check against k6's published types ({@code @types/k6}) with TypeScript's
 * checker over JavaScript ({@code checkJs}), both pinned in k6/package.json and its lock file: a
 * script that passes a wrong type to a k6 API fails here instead of in the middle of a load run.
 */
class K6TypeCheckTest {

	private static final Path K6 = Path.of("k6");

	@Test
	void theK6ScriptsTypeCheckAgainstK6sTypes() throws Exception {
		Requirements.require(Requirements.onPath("npm") && Requirements.onPath("npx"), "node and npm for the k6 type check");
		Result install = run(List.of("npm", "ci", "--no-audit", "--no-fund"), 300);
		assertThat(install.exit()).as("npm ci in k6/:\n%s", install.output()).isZero();
		Result check = run(List.of("npx", "--no-install", "tsc", "-p", "."), 120);
		assertThat(check.exit()).as("tsc --checkJs over k6/:\n%s", check.output()).isZero();
	}

	private record Result(int exit, String output) {
	}

	private static Result run(List<String> command, long seconds) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).directory(K6.toFile()).redirectErrorStream(true).start();
		byte[] out = process.getInputStream().readAllBytes();
		if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			return new Result(-1, "timed out after " + seconds + " s");
		}
		return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
	}

}
