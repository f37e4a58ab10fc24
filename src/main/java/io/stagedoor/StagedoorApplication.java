package io.stagedoor;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Stagedoor: a waiting-room gateway and booking service for concert ticket sales.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class StagedoorApplication {

	public static void main(String[] args) {
		SpringApplication.run(StagedoorApplication.class, args);
	}

}
