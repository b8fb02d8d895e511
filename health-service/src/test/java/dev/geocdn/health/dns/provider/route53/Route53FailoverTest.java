package dev.geocdn.health.dns.provider.route53;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.geocdn.health.dns.provider.PlanFixtures.ALL;
import static dev.geocdn.health.dns.provider.PlanFixtures.plan;
import static dev.geocdn.health.dns.provider.route53.Route53ProviderTest.ZONE_ID;
import static dev.geocdn.health.dns.provider.route53.Route53ProviderTest.ours;
import static dev.geocdn.health.dns.provider.route53.Route53ProviderTest.properties;
import static org.assertj.core.api.Assertions.assertThat;

/** The Route 53 provider with FAILOVER routing (us-east, then us-west, then eu-west), against the stand-in. */
class Route53FailoverTest {

    private static final List<String> ORDER = List.of("us-east", "us-west", "eu-west");

    private Route53StandIn standIn;
    private Route53Provider provider;

    @BeforeEach
    void start() throws IOException {
        standIn = new Route53StandIn(ZONE_ID, "example.com.");
        provider = failover();
    }

    private Route53Provider failover() {
        return Route53Provider.create(properties(standIn.endpoint(), Route53Properties.Routing.FAILOVER, ORDER,
                Route53StandIn.SECRET_ACCESS_KEY));
    }

    @AfterEach
    void stop() {
        provider.close();
        standIn.close();
    }

    /** Per role (primary, secondary): type, failover, values and the address of the attached health check. */
    private List<Tuple> roles() {
        Map<String, String> addressById = new HashMap<>();
        standIn.zone.healthCheckIdsByAddress().forEach((address, id) -> addressById.put(id, address));
        return ours(standIn).values().stream().flatMap(List::stream)
                .map(s -> Tuple.tuple(s.setIdentifier(), s.type(), s.failover(), s.values(), addressById.get(s.healthCheckId())))
                .toList();
    }

    @Test
    void theFirstUpRegionOfTheOrder_isPrimary_andTheNextSecondary_bothHealthChecked() {
        provider.apply(plan(ALL));

        assertThat(roles()).containsExactlyInAnyOrder(
                Tuple.tuple("primary", "A", "PRIMARY", List.of("192.0.2.20"), "192.0.2.20"),
                Tuple.tuple("secondary", "A", "SECONDARY", List.of("192.0.2.10"), "192.0.2.10"),
                Tuple.tuple("secondary", "AAAA", "SECONDARY", List.of("2001:db8:0:0:0:0:0:10"), "192.0.2.10"));
    }

    @Test
    void thePrimaryRegionGoingDown_promotesTheNextPair_inOneBatch() {
        provider.apply(plan(ALL));

        provider.apply(plan(Set.of("us-west", "eu-west")));

        assertThat(roles()).containsExactlyInAnyOrder(
                Tuple.tuple("primary", "A", "PRIMARY", List.of("192.0.2.10"), "192.0.2.10"),
                Tuple.tuple("primary", "AAAA", "PRIMARY", List.of("2001:db8:0:0:0:0:0:10"), "192.0.2.10"),
                Tuple.tuple("secondary", "A", "SECONDARY", List.of("192.0.2.30", "192.0.2.31"), "192.0.2.30"));
        assertThat(standIn.zone.batches()).hasSize(2);
        assertThat(standIn.zone.batches().getLast()).extracting(Route53Zone.Change::action, c -> c.set().type(),
                c -> c.set().setIdentifier()).containsExactly(
                Tuple.tuple("DELETE", "AAAA", "secondary"),
                Tuple.tuple("UPSERT", "A", "primary"),
                Tuple.tuple("UPSERT", "A", "secondary"),
                Tuple.tuple("CREATE", "AAAA", "primary"));
    }

    @Test
    void oneRegionUp_isAPrimaryAlone() {
        provider.apply(plan(Set.of("eu-west")));

        assertThat(roles()).containsExactly(
                Tuple.tuple("primary", "A", "PRIMARY", List.of("192.0.2.30", "192.0.2.31"), "192.0.2.30"));
    }

    @Test
    void everyRegionDown_keepsTheFirstPairOfTheOrder() {
        provider.apply(plan(Set.of("eu-west")));

        provider.apply(plan(Set.of()));

        assertThat(roles()).extracting(t -> t.toList().get(0), t -> t.toList().get(3)).containsExactlyInAnyOrder(
                Tuple.tuple("primary", List.of("192.0.2.20")),
                Tuple.tuple("secondary", List.of("192.0.2.10")),
                Tuple.tuple("secondary", List.of("2001:db8:0:0:0:0:0:10")));
    }

    @Test
    void switchingFromLatencyToFailover_replacesTheLatencyRecordSetsInOneBatch() {
        try (Route53Provider latency = Route53Provider.create(properties(standIn.endpoint(), Route53Properties.Routing.LATENCY,
                List.of(), Route53StandIn.SECRET_ACCESS_KEY))) {
            latency.apply(plan(ALL));
        }

        provider.apply(plan(ALL));

        // Route 53 (and the stand-in) refuse latency and failover record sets under one name and type
        assertThat(ours(standIn)).containsOnlyKeys("primary", "secondary");
        assertThat(standIn.zone.batches()).hasSize(2);
    }
}
