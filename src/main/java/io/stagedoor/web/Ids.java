package io.stagedoor.web;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/** Parsing of user-given ids: anything that is not one is a 400, never a 500. */
public final class Ids {

	private Ids() {
	}

	/** A UUID in its canonical 36-character form. */
	public static UUID uuid(String value, String field) {
		if (value == null || value.length() != 36) {
			throw RejectedException.invalid(field + " must be a UUID");
		}
		try {
			return UUID.fromString(value);
		}
		catch (IllegalArgumentException ex) {
			throw RejectedException.invalid(field + " must be a UUID");
		}
	}

	/** A date as {@code YYYY-MM-DD}. */
	public static LocalDate date(String value, String field) {
		if (value == null) {
			throw RejectedException.invalid(field + " must be a date as YYYY-MM-DD");
		}
		try {
			return LocalDate.parse(value);
		}
		catch (DateTimeParseException ex) {
			throw RejectedException.invalid(field + " must be a date as YYYY-MM-DD");
		}
	}

}
