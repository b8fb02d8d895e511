package dev.geocdn.invalidation;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.PropertySource;

/**
 * The GeoCDN invalidation service: {@code POST /v1/purge} stamps each purge with an id and a
 * hybrid logical clock time, writes it to the purge log on Kafka, and answers once Kafka has
 * it (eventual) or once every live node acknowledged it (strong); {@code GET /v1/purge/{id}}
 * shows progress (docs/architecture.md, "A purge", docs/invalidation.md).
 *
 * <p>Defaults come from {@code geocdn-invalidation.properties} through {@code @PropertySource},
 * not from {@code application.properties}: the local world runs every service in one JVM, where
 * each context would read the first {@code application.*} on the classpath, whoever's it is.
 * Anything set on the command line, in the environment or in an application.properties of the
 * user's still overrides them.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@PropertySource("classpath:geocdn-invalidation.properties")
public class InvalidationApplication {

    public static void main(String[] args) {
        SpringApplication.run(InvalidationApplication.class, args);
    }
}
