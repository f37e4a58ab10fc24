package io.stagedoor.web;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.resource.Delay;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.Option;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.boot.r2dbc.autoconfigure.ConnectionFactoryOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * How the clients of Redis and the database behave when their server is gone: they fail fast, so a
 * request answers 503 within seconds instead of hanging (Lettuce by default queues commands while
 * disconnected and waits up to a minute for each).
 */
@Configuration(proxyBeanMethods = false)
class StoreClientConfig {

	static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

	static final Duration TOPOLOGY_REFRESH = Duration.ofSeconds(2);

	static final Duration RECONNECT_CAP = Duration.ofMillis(500);

	static final Duration ADAPTIVE_REFRESH_GAP = Duration.ofSeconds(1);

	/**
	 * Connects to Redis at start-up: Spring Data opens the shared connection lazily, and blocking,
	 * on first use, which would be on an event-loop thread.
	 */
	@Bean
	static BeanPostProcessor eagerRedisConnection() {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessBeforeInitialization(Object bean, String beanName) {
				if (bean instanceof LettuceConnectionFactory factory) {
					factory.setEagerInitialization(true);
				}
				return bean;
			}
		};
	}

	/**
	 * Reconnects at most {@link #RECONNECT_CAP} apart. Lettuce's default backs off to 30 s between
	 * attempts: behind Sentinel a master that dies is replaced within seconds, and each reconnect asks
	 * the Sentinels for the new master, so a long back-off is what keeps a sale at 503 after the
	 * failover is over.
	 */
	@Bean
	ClientResourcesBuilderCustomizer promptRedisReconnect() {
		return resources -> resources
			.reconnectDelay(Delay.equalJitter(Duration.ofMillis(20), RECONNECT_CAP, 2, TimeUnit.MILLISECONDS));
	}

	@Bean
	LettuceClientOptionsBuilderCustomizer failFastRedis(DataRedisProperties redis) {
		return options -> {
			options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
				.autoReconnect(true)
				.socketOptions(SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).keepAlive(true).build())
				.timeoutOptions(TimeoutOptions.enabled());
			if (options instanceof ClusterClientOptions.Builder cluster) {
				cluster.topologyRefreshOptions(topologyRefresh(redis.getLettuce().getCluster().getRefresh()));
			}
		};
	}

	/**
	 * On a Redis Cluster, how fast the client learns that a replica took over a dead master's slots.
	 * Without refresh (Spring's default) it keeps sending a dead master's commands to the dead node
	 * until that node returns: every request of its concerts answers 503. With it, the client reads the
	 * topology again every {@link #TOPOLOGY_REFRESH} (or {@code spring.data.redis.lettuce.cluster.refresh.period})
	 * and at once on a MOVED redirect or repeated reconnects — at most every {@link #ADAPTIVE_REFRESH_GAP},
	 * where Lettuce's default is 30 s, longer than the whole failover it is meant to follow.
	 */
	static ClusterTopologyRefreshOptions topologyRefresh(DataRedisProperties.Lettuce.Cluster.Refresh settings) {
		Duration period = settings.getPeriod() != null ? settings.getPeriod() : TOPOLOGY_REFRESH;
		return ClusterTopologyRefreshOptions.builder()
			.enablePeriodicRefresh(period)
			.enableAllAdaptiveRefreshTriggers()
			.adaptiveRefreshTriggersTimeout(ADAPTIVE_REFRESH_GAP)
			.refreshTriggersReconnectAttempts(2)
			.dynamicRefreshSources(settings.isDynamicRefreshSources())
			.closeStaleConnections(true)
			.build();
	}

	/**
	 * A connect timeout for the database, and UTC as the session zone: the service passes every
	 * instant in, but a session zone that is not the server's would still shift any TIMESTAMP.
	 */
	@Bean
	ConnectionFactoryOptionsBuilderCustomizer failFastDatabase() {
		return options -> options.option(ConnectionFactoryOptions.CONNECT_TIMEOUT, CONNECT_TIMEOUT)
			.option(Option.valueOf("connectionTimeZone"), "UTC")
			.option(Option.valueOf("forceConnectionTimeZoneToSession"), true);
	}

}
