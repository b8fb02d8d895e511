package dev.geocdn.health;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.PropertySource;

/**
 * The GeoCDN health service: probes every node and gateway, decides with hysteresis who is up,
 * and publishes the membership to gateways (server-sent events) and operators
 * ({@code GET /v1/regions}); sends alerts on state changes.
 *
 * <p>Defaults come from {@code geocdn-health.properties} (see the gateway's application class
 * for why not application.properties).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@PropertySource("classpath:geocdn-health.properties")
public class HealthApplication {

    public static void main(String[] args) {
        SpringApplication.run(HealthApplication.class, args);
    }
}
