package io.stagedoor.queue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;

import io.stagedoor.web.RejectedException;

import org.springframework.modulith.NamedInterface;

/**
 * What an operator changes in a concert's runtime controls; a field left out stays as it is.
 * {@code {"paused":true}}, {@code {"maxActive":800,"admitPerTick":200}}, {@code {"draining":true}}.
 */
@NamedInterface("operations")
public record ControlChange(Boolean paused, Boolean draining, Integer maxActive, Integer admitPerTick,
		@JsonAnySetter @JsonIgnore Map<String, Object> unknown) {

	public ControlChange(Boolean paused, Boolean draining, Integer maxActive, Integer admitPerTick) {
		this(paused, draining, maxActive, admitPerTick, Map.of());
	}

	static final int MOST_ACTIVE = 1_000_000;

	static final int MOST_PER_TICK = 100_000;

	/** The change if it is one, else a 400 saying what is wrong. */
	public ControlChange validated() {
		if (this.unknown != null && !this.unknown.isEmpty()) {
			// a mistyped control is a 400, never silently nothing
			throw RejectedException.invalid("unknown controls " + this.unknown.keySet()
					+ "; the controls are paused, draining, maxActive, admitPerTick");
		}
		if (this.paused == null && this.draining == null && this.maxActive == null && this.admitPerTick == null) {
			throw RejectedException.invalid("give at least one of paused, draining, maxActive, admitPerTick");
		}
		if (this.maxActive != null && (this.maxActive < 1 || this.maxActive > MOST_ACTIVE)) {
			throw RejectedException.invalid("maxActive must be between 1 and " + MOST_ACTIVE);
		}
		if (this.admitPerTick != null && (this.admitPerTick < 1 || this.admitPerTick > MOST_PER_TICK)) {
			throw RejectedException.invalid("admitPerTick must be between 1 and " + MOST_PER_TICK);
		}
		return this;
	}

	LineControls applyTo(LineControls now) {
		return new LineControls((this.paused != null) ? this.paused : now.paused(),
				(this.draining != null) ? this.draining : now.draining(),
				(this.maxActive != null) ? this.maxActive : now.maxActive(),
				(this.admitPerTick != null) ? this.admitPerTick : now.admitPerTick());
	}

	/** The change as the audit log keeps it, e.g. {@code {"paused":true,"maxActive":800}}. */
	String describe() {
		List<String> parts = new ArrayList<>();
		if (this.paused != null) {
			parts.add("\"paused\":" + this.paused);
		}
		if (this.draining != null) {
			parts.add("\"draining\":" + this.draining);
		}
		if (this.maxActive != null) {
			parts.add("\"maxActive\":" + this.maxActive);
		}
		if (this.admitPerTick != null) {
			parts.add("\"admitPerTick\":" + this.admitPerTick);
		}
		return "{" + String.join(",", parts) + "}";
	}

}
