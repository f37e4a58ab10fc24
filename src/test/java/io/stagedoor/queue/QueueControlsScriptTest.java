package io.stagedoor.queue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code queue-controls.lua}: the operators' controls set as one change. */
class QueueControlsScriptTest extends LineScriptTest {

	private Map<Object, Object> stored() {
		return this.redis.opsForHash().entries(QueueKeys.controls(this.concert)).collectMap(e -> e.getKey(), e -> e.getValue())
			.block();
	}

	@Test
	void everyControlIsSetInOneChangeAndMarkedLoaded() {
		assertThat(controls(true, true, "7", "3", T0)).isEqualTo(1);
		assertThat(stored()).containsExactlyInAnyOrderEntriesOf(Map.of("loaded", "1", "paused", "1", "draining", "1",
				"maxActive", "7", "admitPerTick", "3", "opensAt", Long.toString(T0)));
	}

	@Test
	void anEmptyLimitFallsBackToTheConfiguredDefault() {
		controls(false, false, "7", "3", 0);
		controls(false, false, "", "", 0);
		assertThat(stored()).doesNotContainKeys("maxActive", "admitPerTick").containsEntry("paused", "0");
	}

}
