package io.stagedoor.support;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Every thread's stack, written to {@code target/} when a test sees something hang (a request never
 * answered): in CI, where nobody can attach jstack, this is the only evidence of where it stopped.
 */
public final class ThreadDumps {

	private ThreadDumps() {
	}

	/** Writes the dump and returns the file's path (or why it could not be written). */
	public static String write(String name) {
		StringBuilder dump = new StringBuilder("threads at ").append(Instant.now()).append('\n');
		for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
			dump.append('"').append(info.getThreadName()).append("\" ").append(info.getThreadState());
			if (info.getLockName() != null) {
				dump.append(" on ").append(info.getLockName());
			}
			dump.append('\n');
			for (StackTraceElement frame : info.getStackTrace()) {
				dump.append("\tat ").append(frame).append('\n');
			}
			dump.append('\n');
		}
		try {
			Path file = Path.of("target", name + "-" + System.currentTimeMillis() + ".threads.txt");
			Files.createDirectories(file.getParent());
			Files.writeString(file, dump);
			System.err.println(dump);
			return file.toAbsolutePath().toString();
		}
		catch (IOException ex) {
			System.err.println(dump);
			return "(not written: " + ex + "; printed to stderr)";
		}
	}

}
