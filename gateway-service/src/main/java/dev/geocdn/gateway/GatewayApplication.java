package dev.geocdn.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The GeoCDN gateway: the address clients reach. The global entry gateway places each client
 * in a region and forwards to that region's gateway; a regional gateway forwards to the node
 * that owns the URL. Both fail over by themselves (ARCHITECTURE "A GET", "A failure").
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(GatewayApplication.class, args);
    }
}
