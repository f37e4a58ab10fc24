package io.stagedoor.support;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * BlockHound runs in every test JVM (blockhound-junit-platform) and fails any blocking call on a
 * reactive thread. The only calls allowed here are short in-memory locks that libraries take once
 * per type while they fill a cache, never I/O: Jackson 3 builds each (de)serializer under a lock the
 * first time a type is seen, and two first requests at once may wait on it for microseconds; Spring
 * Data Redis hands out its shared reactive connection under a lock around a field read (the
 * connection itself is opened at start-up, see StoreClientConfig, so no connect happens there);
 * Lettuce counts a connection's writers under a lock it takes for every command it writes, held for
 * a counter update, so two threads writing on the shared connection at once may wait on it for
 * microseconds.
 */
public class BlockHoundAllowances implements BlockHoundIntegration {

	@Override
	public void applyTo(BlockHound.Builder builder) {
		builder.allowBlockingCallsInside("tools.jackson.databind.deser.DeserializerCache", "_createAndCacheValueDeserializer")
			.allowBlockingCallsInside("tools.jackson.databind.ser.SerializerCache", "addAndResolveNonTypedSerializer")
			.allowBlockingCallsInside("tools.jackson.databind.ser.SerializerCache", "addTypedSerializer")
			.allowBlockingCallsInside("tools.jackson.databind.util.SimpleLookupCache", "put")
			.allowBlockingCallsInside("tools.jackson.databind.util.SimpleLookupCache", "putIfAbsent")
			.allowBlockingCallsInside("org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory",
					"getOrCreateSharedReactiveConnection")
			.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "incrementWriters");
	}

}
