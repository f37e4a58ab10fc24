package io.stagedoor;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.modulith.Modulithic;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Stagedoor: a waiting-room gateway and booking service for concert ticket sales.
 * <p>
 * Each package under this one is a feature (an application module, checked by ModularityTest);
 * {@code web} and {@code support} are shared: every feature may use them.
 */
@SpringBootApplication
@Modulithic(sharedModules = { "web", "support" })
@ConfigurationPropertiesScan
@EnableScheduling
public class StagedoorApplication {

	public static void main(String[] args) {
		SpringApplication.run(StagedoorApplication.class, args);
	}

}
