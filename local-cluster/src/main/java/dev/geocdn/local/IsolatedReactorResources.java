package dev.geocdn.local;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * Gives each service of the local world its own Reactor Netty event loops. By default every
 * Spring context shares Reactor Netty's global resources and disposes them when it stops, so
 * stopping one node would take every other server in the JVM down with it.
 *
 * <p>Stopping a part plays a crash, not a rolling restart: its event loops go without the
 * default two-second quiet period (and the world's parts run {@code server.shutdown=immediate}),
 * so a stopped region is gone at once instead of draining for seconds.
 */
@Configuration(proxyBeanMethods = false)
public class IsolatedReactorResources {

    @Bean
    ReactorResourceFactory reactorResourceFactory() {
        ReactorResourceFactory factory = new ReactorResourceFactory();
        factory.setUseGlobalResources(false);
        factory.setShutdownQuietPeriod(java.time.Duration.ZERO);
        factory.setShutdownTimeout(java.time.Duration.ofSeconds(2));
        return factory;
    }
}
