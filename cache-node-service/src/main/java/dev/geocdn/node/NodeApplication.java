package dev.geocdn.node;

import dev.geocdn.edge.http.EventLoops;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.PropertySource;

/**
 * The GeoCDN cache node: a caching reverse proxy in front of one origin.
 *
 * <p>The data plane is a Reactor Netty handler on {@code server.port}; Spring supplies the
 * configuration, the actuator (health, Prometheus) on {@code management.server.port} and the
 * metrics registry.
 *
 * <p>Defaults come from {@code geocdn-node.properties} through {@code @PropertySource}, not from
 * {@code application.properties}: the local world runs every service in one JVM, where each
 * context would read the first {@code application.*} on the classpath, whoever's it is.
 * Anything set on the command line, in the environment or in an application.properties of
 * the user's still overrides them.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@PropertySource("classpath:geocdn-node.properties")
public class NodeApplication {

    public static void main(String[] args) {
        EventLoops.onePerCore();
        SpringApplication.run(NodeApplication.class, args);
    }
}
