package io.stagedoor.support;

import java.io.File;

import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from the machine (a program, a raised file limit). Missing on a developer's
 * machine, the test is skipped with the reason shown; missing on CI ({@code CI=true}, where .ci/run
 * installs everything), the test fails: a skip there would pass a check that never ran.
 */
public final class Requirements {

	private Requirements() {
	}

	public static void require(boolean present, String what) {
		if (present) {
			return;
		}
		if ("true".equalsIgnoreCase(System.getenv("CI"))) {
			throw new AssertionError("CI must run this test, but the machine lacks " + what);
		}
		Assumptions.abort("skipped: this machine lacks " + what);
	}

	public static boolean onPath(String program) {
		for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
			if (new File(dir, program).canExecute()) {
				return true;
			}
		}
		return false;
	}

}
