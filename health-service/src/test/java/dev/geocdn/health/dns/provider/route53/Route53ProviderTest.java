package dev.geocdn.health.dns.provider.route53;

import dev.geocdn.health.dns.provider.DnsProviderContract;
import dev.geocdn.health.dns.provider.DnsRecordsProvider;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.endpoints.AwsEndpointAttribute;
import software.amazon.awssdk.awscore.endpoints.authscheme.SigV4AuthScheme;
import software.amazon.awssdk.endpoints.Endpoint;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.endpoints.Route53EndpointProvider;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.route53.model.Route53Exception;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static dev.geocdn.health.dns.provider.PlanFixtures.ALL;
import static dev.geocdn.health.dns.provider.PlanFixtures.NAME;
import static dev.geocdn.health.dns.provider.PlanFixtures.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Route 53 provider with LATENCY routing and health checks, against the Route 53 stand-in. */
class Route53ProviderTest extends DnsProviderContract {

    static final String ZONE_ID = "Z0GEOCDNSTANDIN";
    static final Map<String, Route53Properties.Region> AWS_REGIONS = Map.of(
            "us-west", new Route53Properties.Region("us-west-2"),
            "us-east", new Route53Properties.Region("us-east-1"),
            "eu-west", new Route53Properties.Region("eu-west-1"));

    static Route53Properties properties(URI endpoint, Route53Properties.Routing routing, List<String> failoverOrder,
                                        String secret) {
        return new Route53Properties(true, ZONE_ID, endpoint, routing, AWS_REGIONS, failoverOrder,
                new Route53Properties.HealthChecks(true, Route53Properties.Protocol.HTTP, 80, "/actuator/health", 30, 3),
                Route53StandIn.ACCESS_KEY_ID, secret, Duration.ofSeconds(5));
    }

    /** Our A and AAAA record sets in the stand-in, by set identifier. */
    static Map<String, List<Route53Zone.RecordSet>> ours(Route53StandIn standIn) {
        Map<String, List<Route53Zone.RecordSet>> out = new TreeMap<>();
        standIn.zone.recordSets().stream()
                .filter(s -> s.name().equals(NAME) && (s.type().equals("A") || s.type().equals("AAAA")))
                .forEach(s -> out.computeIfAbsent(String.valueOf(s.setIdentifier()), k -> new ArrayList<>()).add(s));
        return out;
    }

    private Route53StandIn standIn;
    private Route53Provider provider;

    @BeforeEach
    void start() throws IOException {
        standIn = new Route53StandIn(ZONE_ID, "example.com.");
        provider = Route53Provider.create(properties(standIn.endpoint(), Route53Properties.Routing.LATENCY, List.of(),
                Route53StandIn.SECRET_ACCESS_KEY));
    }

    @AfterEach
    void stop() {
        provider.close();
        standIn.close();
    }

    @Override
    protected DnsRecordsProvider provider() {
        return provider;
    }

    @Override
    protected Map<String, Set<String>> served() {
        Map<String, Set<String>> served = new TreeMap<>();
        ours(standIn).forEach((id, sets) -> sets.forEach(s -> served.computeIfAbsent(id, k -> new HashSet<>()).addAll(s.values())));
        return served;
    }

    @Override
    protected int writes() {
        return standIn.zone.batches().size();
    }

    @Override
    protected void failNextRequests(int n) {
        standIn.failNextRequests(n);
    }

    @Override
    protected void deleteOurRecordsByHand() {
        standIn.zone.editByHand(List.of(), ours(standIn).values().stream().flatMap(List::stream).map(Route53Zone.RecordSet::key).toList());
    }

    @Test
    void latencyRecordSets_carryTheirAwsRegionTtlAndTheRegionsHealthCheck() {
        provider.apply(plan(ALL));

        Map<String, String> checkIds = standIn.zone.healthCheckIdsByAddress();
        assertThat(ours(standIn).get("us-west")).extracting(Route53Zone.RecordSet::type, Route53Zone.RecordSet::region,
                        Route53Zone.RecordSet::ttl, Route53Zone.RecordSet::values, Route53Zone.RecordSet::healthCheckId)
                .containsExactlyInAnyOrder(
                        Tuple.tuple("A", "us-west-2", 5L, List.of("192.0.2.10"), checkIds.get("192.0.2.10")),
                        Tuple.tuple("AAAA", "us-west-2", 5L, List.of("2001:db8:0:0:0:0:0:10"),
                                checkIds.get("192.0.2.10")));
        assertThat(ours(standIn).get("eu-west")).singleElement()
                .satisfies(s -> assertThat(s.region()).isEqualTo("eu-west-1"))
                .satisfies(s -> assertThat(s.healthCheckId()).isEqualTo(checkIds.get("192.0.2.30")));
        assertThat(standIn.zone.healthChecks()).hasSize(3).allSatisfy(c -> assertThat(c.config())
                .containsEntry("Port", "80").containsEntry("Type", "HTTP").containsEntry("ResourcePath", "/actuator/health")
                .containsEntry("FullyQualifiedDomainName", "cdn.example.com").containsEntry("RequestInterval", "30")
                .containsEntry("FailureThreshold", "3"));
    }

    @Test
    void aRegionGoingDown_isOneBatchDeletingExactlyItsRecordSets() {
        provider.apply(plan(ALL));

        provider.apply(plan(Set.of("us-east", "eu-west")));

        List<Route53Zone.Change> batch = standIn.zone.batches().getLast();
        assertThat(batch).extracting(Route53Zone.Change::action, c -> c.set().type(), c -> c.set().setIdentifier())
                .containsExactlyInAnyOrder(
                        Tuple.tuple("DELETE", "A", "us-west"),
                        Tuple.tuple("DELETE", "AAAA", "us-west"));
    }

    @Test
    void healthChecks_areCreatedOncePerRegion_evenByAFreshProviderAfterARestart() {
        provider.apply(plan(ALL));
        Set<String> ids = Set.copyOf(standIn.zone.healthCheckIdsByAddress().values());

        try (Route53Provider restarted = Route53Provider.create(properties(standIn.endpoint(),
                Route53Properties.Routing.LATENCY, List.of(), Route53StandIn.SECRET_ACCESS_KEY))) {
            restarted.apply(plan(ALL));
        }
        provider.apply(plan(Set.of("us-west")));
        provider.apply(plan(ALL));

        assertThat(standIn.zone.healthChecks()).hasSize(3);
        assertThat(Set.copyOf(standIn.zone.healthCheckIdsByAddress().values())).isEqualTo(ids);
        // the first provider asked once per region, the restarted one again (Route 53 answered the same checks)
        assertThat(standIn.zone.createHealthCheckCalls()).isEqualTo(6);
        assertThat(writes()).as("the restarted provider found nothing to change").isEqualTo(3);
    }

    @Test
    void aHealthCheckDeletedByHand_isReplaced_andItsRecordsMoveToTheNewOne() {
        provider.apply(plan(ALL));
        String old = standIn.zone.healthCheckIdsByAddress().get("192.0.2.20");
        standIn.zone.deleteHealthCheckByHand(old);

        try (Route53Provider restarted = Route53Provider.create(properties(standIn.endpoint(),
                Route53Properties.Routing.LATENCY, List.of(), Route53StandIn.SECRET_ACCESS_KEY))) {
            restarted.apply(plan(ALL));
        }

        String replacement = standIn.zone.healthCheckIdsByAddress().get("192.0.2.20");
        assertThat(replacement).isNotNull().isNotEqualTo(old);
        assertThat(ours(standIn).get("us-east")).singleElement().extracting(Route53Zone.RecordSet::healthCheckId).isEqualTo(replacement);
        assertThat(standIn.zone.healthChecks()).filteredOn(c -> c.id().equals(replacement)).singleElement()
                .satisfies(c -> assertThat(c.callerReference()).endsWith("-1"));
    }

    @Test
    void aHealthCheckDeletedWhileRunning_failsTheNextChange_andTheRetryReplacesIt() {
        provider.apply(plan(ALL));
        provider.apply(plan(Set.of("us-west", "eu-west")));
        String old = standIn.zone.healthCheckIdsByAddress().get("192.0.2.20");
        standIn.zone.deleteHealthCheckByHand(old);

        assertThatThrownBy(() -> provider.apply(plan(ALL)))
                .isInstanceOfSatisfying(Route53Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchHealthCheck"));
        provider.apply(plan(ALL));

        String replacement = standIn.zone.healthCheckIdsByAddress().get("192.0.2.20");
        assertThat(replacement).isNotNull().isNotEqualTo(old);
        assertThat(ours(standIn).get("us-east")).singleElement().extracting(Route53Zone.RecordSet::healthCheckId).isEqualTo(replacement);
    }

    @Test
    void everyRequest_isSignedWithSigV4ForRoute53InUsEast1() {
        provider.apply(plan(ALL));

        assertThat(standIn.requests).isNotEmpty();
        assertThat(standIn.authorizations).hasSameSizeAs(standIn.requests).allSatisfy(a -> assertThat(a).matches(
                "AWS4-HMAC-SHA256 Credential=" + Route53StandIn.ACCESS_KEY_ID
                        + "/\\d{8}/us-east-1/route53/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}"));
        assertThat(standIn.requests).anyMatch(r -> r.startsWith("GET /2013-04-01/hostedzone/" + ZONE_ID + "/rrset?name=cdn.example.com."))
                .anyMatch(r -> r.startsWith("POST /2013-04-01/hostedzone/" + ZONE_ID + "/rrset"))
                .anyMatch(r -> r.equals("POST /2013-04-01/healthcheck"));
    }

    @Test
    void aProviderWithAWrongSecret_isRefused_andChangesNothing() {
        try (Route53Provider forged = Route53Provider.create(properties(standIn.endpoint(),
                Route53Properties.Routing.LATENCY, List.of(), "not-the-secret"))) {
            assertThatThrownBy(() -> forged.apply(plan(ALL)))
                    .isInstanceOfSatisfying(Route53Exception.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
                    });
        }

        assertThat(served()).isEmpty();
        assertThat(standIn.zone.healthChecks()).isEmpty();
    }

    @Test
    void otherRecordSetsOfTheZone_areLeftAlone_andTheListingFollowsPages() {
        standIn.pageSize = 1;
        Route53Zone.RecordSet www = new Route53Zone.RecordSet("www.example.com.", "A", null, null, null, 300L, List.of("198.51.100.1"), null);
        Route53Zone.RecordSet txt = new Route53Zone.RecordSet(NAME, "TXT", null, null, null, 300L, List.of("\"v=geocdn\""), null);
        Route53Zone.RecordSet below = new Route53Zone.RecordSet("a." + NAME, "A", null, null, null, 300L, List.of("198.51.100.2"), null);
        standIn.zone.editByHand(List.of(www, txt, below), List.of());
        provider.apply(plan(ALL));
        standIn.requests.clear();

        provider.apply(plan(Set.of("us-west")));

        assertThat(served()).isEqualTo(expected(plan(Set.of("us-west"))));
        assertThat(standIn.zone.recordSets()).contains(www, txt, below);
        // one page per record set of the name (A eu-west, us-east, us-west, AAAA us-west, TXT), and no further
        assertThat(standIn.requests).filteredOn(r -> r.startsWith("GET /2013-04-01/hostedzone/")).hasSize(5);
    }

    @Test
    void aSimpleRecordSetUnderTheName_isReplacedByTheRoutedOnes_inOneBatch() {
        Route53Zone.RecordSet handMade = new Route53Zone.RecordSet(NAME, "A", null, null, null, 300L, List.of("198.51.100.3"), null);
        standIn.zone.editByHand(List.of(handMade), List.of());

        provider.apply(plan(ALL));

        assertThat(served()).isEqualTo(expected(plan(ALL)));
        assertThat(standIn.zone.recordSets()).doesNotContain(handMade);
        assertThat(standIn.zone.batches()).singleElement().satisfies(batch -> assertThat(batch.getFirst().action()).isEqualTo("DELETE"));
    }

    @Test
    void aBatchRoute53Rejects_failsWithRoute53sMessages() throws IOException {
        try (Route53StandIn otherZone = new Route53StandIn(ZONE_ID, "example.org.");
             Route53Provider misconfigured = Route53Provider.create(properties(otherZone.endpoint(),
                     Route53Properties.Routing.LATENCY, List.of(), Route53StandIn.SECRET_ACCESS_KEY))) {
            assertThatThrownBy(() -> misconfigured.apply(plan(ALL)))
                    .hasMessageContaining("Route 53 rejected the change batch")
                    .hasMessageContaining("RRSet with DNS name cdn.example.com. is not permitted in zone example.org.");
        }
    }

    @Test
    void theStandIn_rejectsWhatRoute53Rejects() {
        ResourceRecordSet set = ResourceRecordSet.builder().name(NAME).type(RRType.A).setIdentifier("us-west")
                .region("us-west-2").ttl(5L).resourceRecords(r -> r.value("192.0.2.10")).build();
        try (Route53Client client = Route53Provider.client(properties(standIn.endpoint(), Route53Properties.Routing.LATENCY,
                List.of(), Route53StandIn.SECRET_ACCESS_KEY))) {
            assertThatThrownBy(() -> change(client, ChangeAction.DELETE, set))
                    .isInstanceOfSatisfying(Route53Exception.class, e -> assertThat(e.statusCode()).isEqualTo(400));
            change(client, ChangeAction.CREATE, set);
            assertThatThrownBy(() -> change(client, ChangeAction.CREATE, set))
                    .isInstanceOfSatisfying(Route53Exception.class, e -> assertThat(e.statusCode()).isEqualTo(400));
            assertThatThrownBy(() -> change(client, ChangeAction.DELETE, set.toBuilder().ttl(60L).build()))
                    .isInstanceOfSatisfying(Route53Exception.class, e -> assertThat(e.statusCode()).isEqualTo(400));
            assertThatThrownBy(() -> change(client, ChangeAction.UPSERT, set.toBuilder().region((String) null).build()))
                    .isInstanceOfSatisfying(Route53Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidInput"));
            assertThatThrownBy(() -> change(client, ChangeAction.UPSERT, set.toBuilder().healthCheckId("no-such-check").build()))
                    .isInstanceOfSatisfying(Route53Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchHealthCheck"));
            change(client, ChangeAction.DELETE, set);
        }
        assertThat(writes()).as("only the CREATE and the exact DELETE were accepted").isEqualTo(2);
        assertThat(served()).isEmpty();
    }

    @Test
    void withoutAnEndpointOverride_theClientsRegionResolvesToRoute53sGlobalEndpoint_signedForUsEast1() {
        Endpoint endpoint = Route53EndpointProvider.defaultProvider().resolveEndpoint(p -> p.region(Region.US_EAST_1)).join();

        assertThat(endpoint.url()).isEqualTo(URI.create("https://route53.amazonaws.com"));
        assertThat(endpoint.attribute(AwsEndpointAttribute.AUTH_SCHEMES)).singleElement()
                .isInstanceOfSatisfying(SigV4AuthScheme.class, s -> assertThat(s.signingRegion()).isEqualTo("us-east-1"));
    }

    private static void change(Route53Client client, ChangeAction action, ResourceRecordSet set) {
        client.changeResourceRecordSets(b -> b.hostedZoneId(ZONE_ID)
                .changeBatch(batch -> batch.changes(c -> c.action(action).resourceRecordSet(set))));
    }
}
