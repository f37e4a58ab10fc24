package io.stagedoor.queue;

/**
 * A concert's runtime controls, set by its operators (the admin API) and read by every instance's
 * promotion and issuance at the next tick.
 *
 * @param paused no admissions while true (the line keeps its order; idle and lapsed entries still go)
 * @param draining no new entries while true (live ones keep their place)
 * @param maxActive active users at once, {@code null} for {@code stagedoor.queue.max-active}
 * @param admitPerTick most admissions per tick, {@code null} for {@code stagedoor.queue.admit-per-tick}
 */
record LineControls(boolean paused, boolean draining, Integer maxActive, Integer admitPerTick) {

	public static final LineControls DEFAULTS = new LineControls(false, false, null, null);

}
