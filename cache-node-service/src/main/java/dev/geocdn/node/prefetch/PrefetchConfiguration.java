package dev.geocdn.node.prefetch;

import dev.geocdn.node.config.NodeLoops;
import dev.geocdn.node.proxy.RequestHooks;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.client.ReactorResourceFactory;
import reactor.netty.resources.ConnectionProvider;

import java.net.URI;
import java.time.Clock;

/** Wires prefetching from {@link PrefetchProperties}: {@link RequestHooks#NONE} unless paths are configured. */
@Configuration(proxyBeanMethods = false)
public class PrefetchConfiguration {

    /** The prefetcher (closed with the context, with its connections), or none. */
    @Bean
    RequestHooks prefetchHooks(PrefetchProperties properties, Environment environment, Clock clock,
                                MeterRegistry registry, ObjectProvider<ReactorResourceFactory> reactorResources) {
        if (!properties.enabled()) {
            return RequestHooks.NONE;
        }
        ConnectionProvider connections = ConnectionProvider.builder("geocdn-prefetch")
                .maxConnections(properties.concurrency() * 2).build();
        return new Prefetcher(properties, () -> properties.via() != null ? properties.via() : ownDataPlane(environment),
                connections, NodeLoops.of(reactorResources), clock, new PrefetchMetrics(registry));
    }

    /** This node's data plane, once it listens. */
    private static URI ownDataPlane(Environment environment) {
        String address = environment.getProperty("server.address", "127.0.0.1");
        String host = address.equals("0.0.0.0") || address.equals("::") ? "127.0.0.1" : address;
        return URI.create("http://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":"
                + environment.getProperty("local.server.port", environment.getProperty("server.port", "8080")));
    }
}
