package dev.geocdn.node;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The GeoCDN cache node: a caching reverse proxy in front of one origin.
 *
 * <p>The data plane is a Reactor Netty handler on {@code server.port}; Spring supplies the
 * configuration, the actuator (health, Prometheus) on {@code management.server.port} and the
 * metrics registry.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class NodeApplication {

    public static void main(String[] args) {
        SpringApplication.run(NodeApplication.class, args);
    }
}
