package dev.geocdn.health.dns.provider;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static dev.geocdn.health.dns.provider.PlanFixtures.ALL;
import static dev.geocdn.health.dns.provider.PlanFixtures.membership;
import static dev.geocdn.health.dns.provider.PlanFixtures.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What every DNS provider must do, run against each provider and the local stand-in of its API
 * (a subclass per provider and routing policy). The assertions read the stand-in's state, not
 * the provider's requests: "the API would now answer these regions' addresses".
 *
 * <p>The plans are {@link PlanFixtures}'s: us-west (IPv4 and IPv6), us-east, eu-west (two IPv4),
 * under {@code cdn.example.com.}.
 */
public abstract class DnsProviderContract {

    /** The provider under test, pointed at the stand-in. */
    protected abstract DnsRecordsProvider provider();

    /** Our regions whose addresses the stand-in holds under the name, with those addresses. */
    protected abstract Map<String, Set<String>> served();

    /** How many changes (batches) the stand-in accepted. */
    protected abstract int writes();

    /** Makes the stand-in answer the next {@code n} requests with a 500. */
    protected abstract void failNextRequests(int n);

    /** Removes the provider's records as someone in the console would. */
    protected abstract void deleteOurRecordsByHand();

    /** What a plan should leave served: each published region with all its addresses. */
    protected static Map<String, Set<String>> expected(DnsPlan plan) {
        Map<String, Set<String>> out = new TreeMap<>();
        plan.published().forEach(r -> {
            Set<String> addresses = new HashSet<>(r.v4());
            addresses.addAll(r.v6());
            out.put(r.name(), addresses);
        });
        return out;
    }

    @Test
    void allRegionsUp_arePublishedInOneWrite() {
        DnsPlan plan = plan(ALL);

        provider().apply(plan);

        assertThat(served()).isEqualTo(expected(plan));
        assertThat(served()).containsOnlyKeys(ALL).containsEntry("eu-west", Set.of("192.0.2.30", "192.0.2.31"));
        assertThat(writes()).isEqualTo(1);
    }

    @Test
    void aRegionGoingDown_isWithdrawnInOneWrite_andTheOthersAreKept() {
        provider().apply(plan(ALL));

        DnsPlan euWestDown = plan(Set.of("us-west", "us-east"));
        provider().apply(euWestDown);

        assertThat(served()).isEqualTo(expected(euWestDown)).containsOnlyKeys("us-west", "us-east");
        assertThat(writes()).isEqualTo(2);
    }

    @Test
    void aRegionComingBack_isPublishedAgain() {
        provider().apply(plan(ALL));
        provider().apply(plan(Set.of("us-west", "us-east")));

        provider().apply(plan(ALL));

        assertThat(served()).isEqualTo(expected(plan(ALL)));
        assertThat(writes()).isEqualTo(3);
    }

    @Test
    void everyRegionDown_withdrawsNothing() {
        provider().apply(plan(ALL));

        DnsPlan allDown = plan(Set.of());
        provider().apply(allDown);

        assertThat(allDown.failOpen()).isTrue();
        assertThat(served()).containsOnlyKeys(ALL);
        assertThat(writes()).as("the records were already right").isEqualTo(1);
    }

    @Test
    void anUnchangedPlan_writesNothing() {
        provider().apply(plan(Set.of("us-east", "eu-west")));
        provider().apply(plan(Set.of("us-east", "eu-west")));

        assertThat(writes()).isEqualTo(1);
    }

    @Test
    void recordsDeletedByHand_areRestoredByTheNextApply() {
        provider().apply(plan(ALL));
        deleteOurRecordsByHand();
        assertThat(served()).isEmpty();

        provider().apply(plan(ALL));

        assertThat(served()).isEqualTo(expected(plan(ALL)));
    }

    @Test
    void aFailingApi_isRetriedByTheSync_whichThenConverges() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        failNextRequests(6);
        try (DnsRecordsSync sync = new DnsRecordsSync(provider(),
                PlanFixtures::plan,
                new DnsRecordsSync.Backoff(Duration.ofMillis(50), Duration.ofMillis(200)), registry)) {
            sync.offer(membership(Set.of("us-west", "eu-west")));

            await().atMost(Duration.ofSeconds(30)).until(() -> served().keySet().equals(Set.of("us-west", "eu-west")));
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> registry.get("geocdn.dns.sync").tag("outcome", "applied").counter().count() == 1);
        }

        assertThat(registry.get("geocdn.dns.sync").tag("outcome", "failed").counter().count()).isGreaterThanOrEqualTo(1);
        assertThat(registry.get("geocdn.dns.in.sync").gauge().value()).isEqualTo(1);
        assertThat(served()).isEqualTo(expected(plan(Set.of("us-west", "eu-west"))));
    }
}
