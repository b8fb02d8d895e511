package dev.geocdn.health.config;

import dev.geocdn.health.dashboard.RecentPurges;
import dev.geocdn.health.dns.GeoDnsAnswers;
import dev.geocdn.health.dns.DnsAnswerMetrics;
import dev.geocdn.health.dns.GeoDnsServer;
import dev.geocdn.health.dns.provider.DnsPlan;
import dev.geocdn.health.dns.provider.DnsRecordsProvider;
import dev.geocdn.health.dns.provider.DnsRecordsSync;
import dev.geocdn.health.dns.provider.DnsRecordsSyncs;
import dev.geocdn.health.dns.provider.clouddns.CloudDnsProvider;
import dev.geocdn.health.dns.provider.route53.Route53Provider;
import dev.geocdn.health.membership.AlertWebhook;
import dev.geocdn.health.membership.HealthBook;
import dev.geocdn.health.metrics.HealthMetrics;
import dev.geocdn.health.probe.TargetProber;
import dev.geocdn.health.verdict.Verdicts;
import dev.geocdn.health.watermark.AckReader;
import dev.geocdn.health.watermark.PurgeLogProperties;
import dev.geocdn.health.watermark.PurgeWatermarks;
import dev.geocdn.protocol.net.Cidr;
import dev.geocdn.protocol.net.CidrTable;
import dev.geocdn.protocol.purge.PurgeAck;
import dev.geocdn.protocol.topology.RegionDistances;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

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
    @ConditionalOnProperty("cdn.health.dns.enabled")
    GeoDnsServer geoDnsServer(HealthProperties properties, HealthBook book, MeterRegistry meters)
            throws java.io.IOException {
        HealthProperties.Dns dns = properties.dns();
        String fallback = dns.defaultRegion().isBlank() ? new TreeMap<>(properties.regions()).firstKey()
                : dns.defaultRegion();
        GeoDnsAnswers answers = new GeoDnsAnswers(dns.name(), CidrTable.of(dns.cidrs()),
                new RegionDistances(dns.distances()), addresses(dns), fallback);
        return new GeoDnsServer(answers, book::current, dns.ttl(), dns.host(), dns.port(),
                new DnsAnswerMetrics(meters));
    }

    /** Each region's gateway addresses, parsed (IP literals only, never resolved). */
    private static Map<String, List<InetAddress>> addresses(HealthProperties.Dns dns) {
        Map<String, List<InetAddress>> addresses = new HashMap<>();
        dns.addresses().forEach((region, list) -> addresses.put(region,
                list.stream().map(a -> Cidr.literal(a, "cdn.health.dns.addresses." + region)).toList()));
        return addresses;
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty("cdn.health.dns.route53.enabled")
    Route53Provider route53Provider(HealthProperties properties) {
        return Route53Provider.create(properties.dns().route53());
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty("cdn.health.dns.cloud-dns.enabled")
    CloudDnsProvider cloudDnsProvider(HealthProperties properties) {
        return CloudDnsProvider.create(properties.dns().cloudDns());
    }

    /** Keeps every enabled DNS provider in step with the membership (none: nothing runs). */
    @Bean(destroyMethod = "close")
    DnsRecordsSyncs dnsRecordsSyncs(ObjectProvider<DnsRecordsProvider> providers, HealthBook book,
                                    HealthProperties properties, MeterRegistry registry) {
        HealthProperties.Dns dns = properties.dns();
        Map<String, List<InetAddress>> addresses = addresses(dns);
        return new DnsRecordsSyncs(providers.orderedStream().toList(),
                membership -> DnsPlan.of(dns.name(), dns.ttl(), addresses, membership),
                new DnsRecordsSync.Backoff(dns.providerRetry().initial(), dns.providerRetry().max()),
                registry, book.stream());
    }

    /** The probe and verdict metrics, counting every state change the book alerts on. */
    @Bean
    HealthMetrics healthMetrics(MeterRegistry registry, HealthBook book) {
        HealthMetrics metrics = new HealthMetrics(registry, book);
        book.onChange(metrics::changed);
        return metrics;
    }

    @Bean(destroyMethod = "close")
    TargetProber targetProber(HealthBook book, HealthMetrics metrics, HealthProperties properties) {
        HealthProperties.Probe probe = properties.probe();
        return new TargetProber(book, metrics, probe.interval(), probe.timeout(), probe.cachePath());
    }

    @Bean
    @ConditionalOnProperty("cdn.health.purge-log.bootstrap-servers")
    PurgeWatermarks purgeWatermarks() {
        return new PurgeWatermarks();
    }

    /**
     * Reads acknowledgements into the watermarks and the dashboard's latest purges, when the
     * purge log is configured.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty("cdn.health.purge-log.bootstrap-servers")
    AckReader ackReader(PurgeLogProperties properties, PurgeWatermarks watermarks, ObjectProvider<RecentPurges> recent) {
        List<Consumer<PurgeAck>> readers = new ArrayList<>(List.of(watermarks::record));
        recent.ifAvailable(purges -> readers.add(purges::record));
        return new AckReader(properties.bus(), readers, Clock.systemUTC());
    }
}
