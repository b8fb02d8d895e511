package dev.geocdn.local;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * Gives each service of the local world its own Reactor Netty event loops. By default every
 * Spring context shares Reactor Netty's global resources and disposes them when it stops, so
 * stopping one node would take every other server in the JVM down with it.
 */
@Configuration(proxyBeanMethods = false)
public class IsolatedReactorResources {

    @Bean
    ReactorResourceFactory reactorResourceFactory() {
        ReactorResourceFactory factory = new ReactorResourceFactory();
        factory.setUseGlobalResources(false);
        return factory;
    }
}
