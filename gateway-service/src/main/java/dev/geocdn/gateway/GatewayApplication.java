package dev.geocdn.gateway;

import dev.geocdn.edge.http.EventLoops;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.PropertySource;

/**
 * The GeoCDN gateway: the address clients reach. The global entry gateway places each client
 * in a region and forwards to that region's gateway; a regional gateway forwards to the node
 * that owns the URL. Both fail over by themselves (docs/architecture.md, "A GET" and "A failure").
 *
 * <p>Defaults come from {@code geocdn-gateway.properties} through {@code @PropertySource}, not from
 * {@code application.properties}: the local world runs every service in one JVM, where each
 * context would read the first {@code application.*} on the classpath, whoever's it is.
 * Anything set on the command line, in the environment or in an application.properties of
 * the user's still overrides them.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@PropertySource("classpath:geocdn-gateway.properties")
public class GatewayApplication {

    public static void main(String[] args) {
        EventLoops.onePerCore();
        SpringApplication.run(GatewayApplication.class, args);
    }
}
