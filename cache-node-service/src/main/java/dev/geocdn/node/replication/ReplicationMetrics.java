package dev.geocdn.node.replication;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Replication as a node sees it: {@code geocdn_replication_offers_total{peer,outcome}} for offers
 * it sent ({@code stored}, {@code held}, {@code purged}, {@code failed} as the peer answered;
 * {@code unreachable}, {@code no-peer}, {@code dropped} when no answer came), and
 * {@code geocdn_replication_received_total{from,outcome}} for offers it received.
 */
public final class ReplicationMetrics {

    private final MeterRegistry registry;
    private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();

    public ReplicationMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** An offer sent to {@code peerRegion} ended with {@code outcome}. */
    public void offered(String peerRegion, String outcome) {
        counter("geocdn.replication.offers", "peer", peerRegion, outcome, "Replicas offered to other regions").increment();
    }

    /** An offer from {@code fromRegion} ended here with {@code outcome}. */
    public void received(String fromRegion, String outcome) {
        counter("geocdn.replication.received", "from", fromRegion, outcome, "Replicas offered by other regions")
                .increment();
    }

    /** How many offers to {@code peerRegion} ended with {@code outcome}. */
    public long offers(String peerRegion, String outcome) {
        Counter c = counters.get("geocdn.replication.offers " + peerRegion + " " + outcome);
        return c == null ? 0 : (long) c.count();
    }

    /** How many offers from {@code fromRegion} ended here with {@code outcome}. */
    public long receipts(String fromRegion, String outcome) {
        Counter c = counters.get("geocdn.replication.received " + fromRegion + " " + outcome);
        return c == null ? 0 : (long) c.count();
    }

    private Counter counter(String name, String regionTag, String region, String outcome, String description) {
        return counters.computeIfAbsent(name + " " + region + " " + outcome, key -> Counter.builder(name)
                .description(description).tag(regionTag, region).tag("outcome", outcome).register(registry));
    }
}
