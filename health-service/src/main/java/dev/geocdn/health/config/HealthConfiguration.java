package dev.geocdn.health.config;

import dev.geocdn.health.dns.GeoDnsAnswers;
import dev.geocdn.health.dns.GeoDnsServer;
import dev.geocdn.health.membership.AlertWebhook;
import dev.geocdn.health.membership.HealthBook;
import dev.geocdn.health.probe.TargetProber;
import dev.geocdn.health.verdict.Verdicts;
import dev.geocdn.protocol.net.Cidr;
import dev.geocdn.protocol.net.CidrTable;
import dev.geocdn.protocol.topology.RegionDistances;
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
    @org.springframework.boot.autoconfigure.condition.ConditionalOnProperty("cdn.health.dns.enabled")
    GeoDnsServer geoDnsServer(HealthProperties properties, HealthBook book) throws java.io.IOException {
        HealthProperties.Dns dns = properties.dns();
        java.util.Map<String, java.util.List<java.net.InetAddress>> addresses = new java.util.HashMap<>();
        dns.addresses().forEach((region, list) -> addresses.put(region,
                list.stream().map(a -> Cidr.literal(a, "cdn.health.dns.addresses." + region)).toList()));
        String fallback = dns.defaultRegion().isBlank() ? new java.util.TreeMap<>(properties.regions()).firstKey()
                : dns.defaultRegion();
        GeoDnsAnswers answers = new GeoDnsAnswers(dns.name(), CidrTable.of(dns.cidrs()),
                new RegionDistances(dns.distances()), addresses, fallback);
        return new GeoDnsServer(answers, book::current, dns.ttl(), dns.host(), dns.port());
    }

    @Bean(destroyMethod = "close")
    TargetProber targetProber(HealthBook book, HealthProperties properties) {
        HealthProperties.Probe probe = properties.probe();
        return new TargetProber(book, probe.interval(), probe.timeout(), probe.cachePath());
    }
}
