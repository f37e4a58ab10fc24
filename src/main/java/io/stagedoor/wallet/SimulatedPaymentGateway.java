package io.stagedoor.wallet;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import reactor.core.publisher.Mono;

import io.stagedoor.support.RandomIds;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.stereotype.Component;

/**
 * The default gateway: accepts every charge after {@code latency}, but declines a
 * {@code failure-rate} share of them at random. Like a real one it is idempotent by key: an accepted
 * key answers with the same reference and charges nothing more. Replace it by declaring another
 * {@link PaymentGateway} bean.
 */
@Component
@ConditionalOnMissingBean(value = PaymentGateway.class, ignored = SimulatedPaymentGateway.class)
class SimulatedPaymentGateway implements PaymentGateway {

	private static final int REMEMBERED = 100_000;

	private final PaymentGatewayProperties properties;

	private final Map<String, String> accepted = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, false) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
			return size() > REMEMBERED;
		}
	});

	SimulatedPaymentGateway(PaymentGatewayProperties properties) {
		this.properties = properties;
	}

	@Override
	public Mono<String> charge(UUID userId, long amount, String idempotencyKey) {
		Mono<String> decision = Mono.fromSupplier(() -> decide(idempotencyKey));
		return this.properties.latency().isZero() ? decision
				: Mono.delay(this.properties.latency()).then(decision);
	}

	private String decide(String key) {
		String known = this.accepted.get(key);
		if (known != null) {
			return known;
		}
		if (ThreadLocalRandom.current().nextDouble() < this.properties.failureRate()) {
			throw new Declined("the simulated gateway declined the charge");
		}
		String reference = "sim-" + RandomIds.uuid();
		String first = this.accepted.putIfAbsent(key, reference);
		return (first != null) ? first : reference;
	}

}
