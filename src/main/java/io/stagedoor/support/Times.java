package io.stagedoor.support;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Instants in the database are {@code DATETIME(6)} holding UTC: these two methods are the only
 * place an instant crosses that line, so no JVM, server or session zone can shift one.
 */
public final class Times {

	private Times() {
	}

	public static LocalDateTime utc(Instant instant) {
		return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	public static Instant instant(LocalDateTime utc) {
		return (utc != null) ? utc.toInstant(ZoneOffset.UTC) : null;
	}

}
