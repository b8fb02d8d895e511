package dev.geocdn.health.dns.provider;

import dev.geocdn.protocol.topology.Membership;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Flux;

import java.util.List;
import java.util.function.Function;

/**
 * One {@link DnsRecordsSync} per enabled provider, each on its own worker (so a slow Route 53
 * never holds back Cloud DNS), all following the same memberships and closed together.
 */
public final class DnsRecordsSyncs implements AutoCloseable {

    private final List<DnsRecordsSync> syncs;

    public DnsRecordsSyncs(List<? extends DnsRecordsProvider> providers, Function<Membership, DnsPlan> planner,
                           DnsRecordsSync.Backoff backoff, MeterRegistry registry, Flux<Membership> memberships) {
        this.syncs = providers.stream()
                .map(p -> new DnsRecordsSync(p, planner, backoff, registry).start(memberships))
                .toList();
    }

    /** How many providers are kept in sync. */
    public int size() {
        return syncs.size();
    }

    @Override
    public void close() {
        syncs.forEach(DnsRecordsSync::close);
    }
}
