package dev.geocdn.health.dns;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.xbill.DNS.Rcode;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * {@code geocdn_dns_answers_total{transport, rcode, answer_region}}: the answers the geo-DNS
 * server sent, by transport ({@code udp}, {@code tcp}), response code ({@code noerror},
 * {@code refused}, {@code formerr}, {@code notimp}) and the region whose gateways it named
 * ({@code ""} when it named none): where DNS is sending clients, and whether resolvers ask
 * for names it does not serve. Queries it drops (responses, unreadable packets) are not answers.
 */
public final class DnsAnswerMetrics {

    private record Key(boolean udp, int rcode, String region) {
    }

    private final MeterRegistry registry;
    private final ConcurrentMap<Key, Counter> counters = new ConcurrentHashMap<>();

    public DnsAnswerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts one answer; {@code region} is null when it named no region's gateways. */
    void answered(boolean overUdp, int rcode, String region) {
        counters.computeIfAbsent(new Key(overUdp, rcode, region == null ? "" : region), key ->
                Counter.builder("geocdn.dns.answers")
                        .description("Answers the geo-DNS server sent, by transport, response code and the region "
                                + "whose gateways it named")
                        .tag("transport", key.udp() ? "udp" : "tcp")
                        .tag("rcode", Rcode.string(key.rcode()).toLowerCase(Locale.ROOT))
                        .tag("answer_region", key.region())
                        .register(registry))
                .increment();
    }
}
