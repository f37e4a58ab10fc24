package io.stagedoor.queue;

/** Where a live entry stands. Later versions may add states; clients treat unknown ones as waiting. */
public enum QueueState {

	WAITING, ACTIVE

}
