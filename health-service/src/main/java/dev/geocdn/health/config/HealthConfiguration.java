package dev.geocdn.health.config;

import dev.geocdn.health.membership.AlertWebhook;
import dev.geocdn.health.membership.HealthBook;
import dev.geocdn.health.probe.TargetProber;
import dev.geocdn.health.verdict.Verdicts;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** Wires the health service from {@link HealthProperties}. */
@Configuration(proxyBeanMethods = false)
public class HealthConfiguration {

    @Bean
    HealthBook healthBook(HealthProperties properties) {
        HealthProperties.Probe probe = properties.probe();
        HealthBook book = new HealthBook(properties.regions(),
                new Verdicts.Thresholds(probe.failuresToLeave(), probe.successesToReturn()), Clock.systemUTC());
        if (properties.alerts().webhookUrl() != null) {
            book.onChange(new AlertWebhook(properties.alerts().webhookUrl()));
        }
        return book;
    }

    @Bean(destroyMethod = "close")
    TargetProber targetProber(HealthBook book, HealthProperties properties) {
        HealthProperties.Probe probe = properties.probe();
        return new TargetProber(book, probe.interval(), probe.timeout(), probe.cachePath());
    }
}
