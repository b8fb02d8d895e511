package dev.geocdn.node;

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

    /** Reactor Netty's system property for the number of event-loop threads. */
    static final String IO_WORKER_COUNT = "reactor.netty.ioWorkerCount";

    public static void main(String[] args) {
        useOneEventLoopPerCore();
        SpringApplication.run(NodeApplication.class, args);
    }

    /**
     * One event loop per available core, as nginx runs one worker per core. Reactor Netty's own
     * default is at least 4, which on a 1- or 2-core node time-slices runnable event loops on
     * one CPU and shows up as multi-millisecond tail latency (docs/benchmarks.md). An explicit
     * {@code -Dreactor.netty.ioWorkerCount} still wins.
     */
    static void useOneEventLoopPerCore() {
        if (System.getProperty(IO_WORKER_COUNT) == null) {
            System.setProperty(IO_WORKER_COUNT, Integer.toString(Runtime.getRuntime().availableProcessors()));
        }
    }
}
