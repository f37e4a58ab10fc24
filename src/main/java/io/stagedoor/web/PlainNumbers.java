package io.stagedoor.web;

import java.beans.PropertyEditorSupport;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * Whole numbers in paths and query parameters are ASCII digits, an optional minus sign and nothing
 * else. Spring's own conversion ends in {@code Long.decode}, which also takes {@code 0x1F}, {@code #1F},
 * {@code +3} and digits of any script ({@code ٣} is 3): a concert id that no client meant. Anything else
 * is a type mismatch, which the error advice answers 400. (An editor, not a converter: Spring falls back
 * from a converter that refuses to its default editors, which would take the value after all.)
 */
@ControllerAdvice
class PlainNumbers {

	private static final Pattern WHOLE = Pattern.compile("-?[0-9]{1,19}");

	@InitBinder
	void plainNumbers(WebDataBinder binder) {
		binder.registerCustomEditor(long.class, new Strict(Long::valueOf));
		binder.registerCustomEditor(Long.class, new Strict(Long::valueOf));
		binder.registerCustomEditor(int.class, new Strict(Integer::valueOf));
		binder.registerCustomEditor(Integer.class, new Strict(Integer::valueOf));
	}

	private static final class Strict extends PropertyEditorSupport {

		private final Function<String, ? extends Number> parse;

		Strict(Function<String, ? extends Number> parse) {
			this.parse = parse;
		}

		@Override
		public void setAsText(String text) {
			String trimmed = text == null ? "" : text.trim();
			if (trimmed.isEmpty()) {
				setValue(null);
				return;
			}
			if (!WHOLE.matcher(trimmed).matches()) {
				throw new IllegalArgumentException("not a whole number in ASCII digits: " + text);
			}
			setValue(this.parse.apply(trimmed));
		}

	}

}
