package io.stagedoor.wallet;

import java.time.Duration;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code stagedoor.payment-gateway.*}: the simulated gateway.
 *
 * @param latency its delay per charge
 * @param failureRate share of charges it declines, from 0 to 1
 */
@Validated
@ConfigurationProperties("stagedoor.payment-gateway")
record PaymentGatewayProperties(@DefaultValue("0") Duration latency,
		@DefaultValue("0") @DecimalMin("0") @DecimalMax("1") double failureRate) {
}
