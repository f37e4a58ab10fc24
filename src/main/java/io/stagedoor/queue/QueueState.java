package io.stagedoor.queue;

/**
 * Where a live entry stands. {@code PRE_QUEUE} (an addition to the contract): the concert's line
 * has not opened yet; at the open every pre-queue entry is placed in the line in a random order.
 * Clients treat a state they do not know as waiting.
 */
enum QueueState {

	WAITING, ACTIVE, PRE_QUEUE

}
