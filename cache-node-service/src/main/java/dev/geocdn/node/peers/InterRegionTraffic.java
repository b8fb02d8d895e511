package dev.geocdn.node.peers;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Bytes this node received from another region, per link and why, as
 * {@code geocdn_interregion_received_bytes_total{from,to,reason}}: the figure a platform team
 * pays for between regions. Counted once, by the receiving node, as they arrive (response
 * fields and body); the sending side counts nothing, so a sum over nodes is the traffic.
 */
public final class InterRegionTraffic {

    /** Why bytes crossed regions. */
    public enum Reason {
        /** A fill of a missing object from a parent region. */
        FILL,
        /** A conditional request to a parent region and its answer (a 304 is a few hundred bytes). */
        REVALIDATION,
        /** A copy pushed or pulled between peer regions. */
        REPLICATION;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One direction between two regions, and why. */
    public record Link(String from, String to, Reason reason) {
    }

    private final MeterRegistry registry;
    private final String region;
    private final ConcurrentMap<Link, Counter> counters = new ConcurrentHashMap<>();

    /** @param region this node's region: the receiving end of every link it counts */
    public InterRegionTraffic(MeterRegistry registry, String region) {
        this.registry = registry;
        this.region = region;
    }

    /** Records {@code bytes} received from {@code from} for {@code reason}. */
    public void received(String from, Reason reason, long bytes) {
        counters.computeIfAbsent(new Link(from, region, reason), link -> Counter
                        .builder("geocdn.interregion.received").baseUnit("bytes")
                        .description("Bytes received from another region of the CDN, by link and reason")
                        .tag("from", link.from()).tag("to", link.to()).tag("reason", link.reason().tag())
                        .register(registry))
                .increment(bytes);
    }

    /** The bytes received so far per link, in a stable order. */
    public Map<Link, Long> totals() {
        Map<Link, Long> totals = new TreeMap<>(java.util.Comparator.comparing(Link::from).thenComparing(Link::to)
                .thenComparing(Link::reason));
        counters.forEach((link, counter) -> totals.put(link, (long) counter.count()));
        return totals;
    }
}
