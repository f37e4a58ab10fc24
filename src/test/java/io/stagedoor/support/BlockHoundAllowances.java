package io.stagedoor.support;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * BlockHound runs in every test JVM (blockhound-junit-platform) and fails any blocking call on a
 * reactive thread. The only calls allowed here are short in-memory locks that libraries take once
 * per type while they fill a cache, never I/O: Jackson 3 builds each (de)serializer under a lock the
 * first time a type is seen, and two first requests at once may wait on it for microseconds; Spring
 * Data Redis hands out its shared reactive connection under a lock around a field read, in
 * getOrCreateSharedReactiveConnection and (spring-data-redis 4.0.6, via doInLock) in
 * getSharedReactiveConnection, seen from a Netty thread in SeatHoldRaceTest (the
 * connection itself is opened at start-up, see StoreClientConfig, so no connect happens there);
 * Lettuce counts the writers of its one shared connection under a lock that is held for a counter
 * update, so commands written from several event loops at once may wait on it for microseconds;
 * Netty 4.2's adaptive buffer allocator takes a write lock while it adds a magazine under contention
 * (Netty's own BlockHound integration allows its other allocator locks, not this one). A
 * BlockHound error thrown there, inside Lettuce's channel read, left Lettuce pairing replies with
 * the wrong commands: RedisOutageTest saw it as 500s under load. r2dbc-mysql creates its query cache
 * lazily, under a lock, when the first connections of a pool open at once (seen once while a test
 * context started).
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
			.allowBlockingCallsInside("org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory",
					"getSharedReactiveConnection")
			.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "incrementWriters")
			.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "decrementWriters")
			.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup", "tryExpandMagazines")
			.allowBlockingCallsInside("io.asyncer.r2dbc.mysql.MySqlConnectionFactory$LazyQueryCache", "get");
	}

}
