package dev.geocdn.health.dns.provider.clouddns;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.services.dns.Dns;
import com.google.api.services.dns.model.Change;
import com.google.api.services.dns.model.ResourceRecordSet;
import com.google.cloud.dns.DnsException;
import dev.geocdn.health.dns.provider.DnsProviderContract;
import dev.geocdn.health.dns.provider.DnsRecordsProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
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

/** The Cloud DNS provider (geo routing policy) against the Cloud DNS stand-in. */
class CloudDnsProviderTest extends DnsProviderContract {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, CloudDnsProperties.Region> LOCATIONS = Map.of(
            "us-west", new CloudDnsProperties.Region("us-west1"),
            "us-east", new CloudDnsProperties.Region("us-east4"),
            "eu-west", new CloudDnsProperties.Region("europe-west1"));

    private static CloudDnsProperties properties(URI endpoint, Path credentialsFile) {
        return new CloudDnsProperties(true, "geocdn-test", "cdn-zone", endpoint, credentialsFile, credentialsFile == null,
                LOCATIONS, Duration.ofSeconds(5));
    }

    private CloudDnsStandIn standIn;
    private CloudDnsProvider provider;

    @BeforeEach
    void start() throws IOException {
        standIn = new CloudDnsStandIn("geocdn-test", "cdn-zone", "example.com.");
        provider = CloudDnsProvider.create(properties(standIn.endpoint(), null));
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

    /** Our region for a location, from the geo items of the A and AAAA record sets. */
    @Override
    protected Map<String, Set<String>> served() {
        Map<String, String> regionByLocation = new TreeMap<>();
        LOCATIONS.forEach((region, where) -> regionByLocation.put(where.location(), region));
        Map<String, Set<String>> served = new TreeMap<>();
        for (ObjectNode rrset : ours()) {
            for (JsonNode item : rrset.path("routingPolicy").path("geo").path("items")) {
                Set<String> addresses = served.computeIfAbsent(regionByLocation.get(item.path("location").asString()), k -> new HashSet<>());
                item.path("rrdatas").forEach(a -> addresses.add(a.asString()));
            }
        }
        return served;
    }

    private List<ObjectNode> ours() {
        return standIn.zone.list(NAME).stream()
                .filter(s -> s.path("type").asString().equals("A") || s.path("type").asString().equals("AAAA")).toList();
    }

    @Override
    protected int writes() {
        return standIn.zone.changes().size();
    }

    @Override
    protected void failNextRequests(int n) {
        standIn.failNextRequests(n);
    }

    @Override
    protected void deleteOurRecordsByHand() {
        standIn.zone.editByHand(List.of(), List.of(NAME + " A", NAME + " AAAA"));
    }

    private static ObjectNode json(String text) {
        return (ObjectNode) JSON.readTree(text);
    }

    @Test
    void recordSets_haveAGeoPolicyWithOneItemPerRegion_andNoPlainRrdatas() {
        provider.apply(plan(ALL));

        Map<String, ObjectNode> sets = standIn.zone.recordSets();
        assertThat(sets.get(NAME + " A")).isEqualTo(json("""
                {"name": "cdn.example.com.", "type": "A", "ttl": 5, "routingPolicy": {"geo": {"items": [
                  {"location": "europe-west1", "rrdatas": ["192.0.2.30", "192.0.2.31"]},
                  {"location": "us-east4", "rrdatas": ["192.0.2.20"]},
                  {"location": "us-west1", "rrdatas": ["192.0.2.10"]}]}}}"""));
        assertThat(sets.get(NAME + " AAAA")).isEqualTo(json("""
                {"name": "cdn.example.com.", "type": "AAAA", "ttl": 5, "routingPolicy": {"geo": {"items": [
                  {"location": "us-west1", "rrdatas": ["2001:db8:0:0:0:0:0:10"]}]}}}"""));
    }

    @Test
    void aRegionGoingDown_isOneChange_replacingOnlyTheRecordSetItWasIn() {
        provider.apply(plan(ALL));

        provider.apply(plan(Set.of("us-west", "us-east")));

        JsonNode change = standIn.zone.changes().getLast();
        assertThat(change.path("deletions")).singleElement().satisfies(d -> assertThat(d.path("type").asString()).isEqualTo("A"));
        assertThat(change.path("additions")).singleElement().satisfies(a -> {
            assertThat(a.path("type").asString()).isEqualTo("A");
            assertThat(a.path("routingPolicy").path("geo").path("items")).extracting(i -> i.path("location").asString())
                    .containsExactly("us-east4", "us-west1");
        });
    }

    @Test
    void aPlainRecordSetUnderTheName_isReplacedInOneChange_andOtherRecordSetsAreLeftAlone() {
        standIn.pageSize = 1;
        ObjectNode handMade = json("{\"name\": \"cdn.example.com.\", \"type\": \"A\", \"ttl\": 300, \"rrdatas\": [\"198.51.100.3\"]}");
        ObjectNode txt = json("{\"name\": \"cdn.example.com.\", \"type\": \"TXT\", \"ttl\": 300, \"rrdatas\": [\"\\\"v=geocdn\\\"\"]}");
        ObjectNode www = json("{\"name\": \"www.example.com.\", \"type\": \"A\", \"ttl\": 300, \"rrdatas\": [\"198.51.100.1\"]}");
        standIn.zone.editByHand(List.of(handMade, txt, www), List.of());

        provider.apply(plan(ALL));

        assertThat(served()).isEqualTo(expected(plan(ALL)));
        assertThat(standIn.zone.recordSets()).containsEntry(NAME + " TXT", txt).containsEntry("www.example.com. A", www);
        assertThat(standIn.zone.changes()).singleElement().satisfies(c -> {
            assertThat(c.path("deletions")).hasSize(1);
            assertThat(c.path("additions")).hasSize(2);
        });
        assertThat(standIn.requests).filteredOn(r -> r.startsWith("GET ")).as("one page per record set of the name (A, TXT)").hasSize(2)
                .allMatch(r -> r.startsWith("GET /dns/v1/projects/geocdn-test/managedZones/cdn-zone/rrsets?"))
                .allMatch(r -> r.contains("name=cdn.example.com."));
    }

    @Test
    void theStandIn_rejectsWhatCloudDnsRejects() throws IOException {
        Dns dns = CloudDnsProvider.client(CloudDnsProvider.options(properties(standIn.endpoint(), null)));
        ResourceRecordSet plain = new ResourceRecordSet().setName(NAME).setType("A").setTtl(5)
                .setRrdatas(new ArrayList<>(List.of("192.0.2.10")));

        assertThat(status(dns, "cdn-zone", new Change().setDeletions(List.of(plain)))).isEqualTo(404);
        dns.changes().create("geocdn-test", "cdn-zone", new Change().setAdditions(List.of(plain))).execute();
        assertThat(status(dns, "cdn-zone", new Change().setAdditions(List.of(plain)))).isEqualTo(409);
        assertThat(status(dns, "cdn-zone", new Change().setDeletions(List.of(plain.clone().setTtl(60))))).isEqualTo(412);
        assertThat(status(dns, "cdn-zone", new Change().setAdditions(List.of(plain.clone().setType("AAAA"))))).isEqualTo(400);
        assertThat(status(dns, "cdn-zone", new Change().setAdditions(List.of(plain.clone().setName("cdn.example.org.")))))
                .isEqualTo(400);
        assertThat(status(dns, "other-zone", new Change().setAdditions(List.of(plain)))).isEqualTo(404);

        assertThat(writes()).as("only the first addition was accepted").isEqualTo(1);
    }

    private static int status(Dns dns, String zone, Change change) {
        try {
            dns.changes().create("geocdn-test", zone, change).execute();
            throw new AssertionError("the stand-in accepted " + change);
        } catch (GoogleJsonResponseException e) {
            return e.getStatusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aServiceAccountKeyFile_authenticatesEveryCall_andAnonymousCallsAreRefused(@TempDir Path dir)
            throws IOException, NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair key = generator.generateKeyPair();
        String email = "geocdn-dns@geocdn-test.iam.gserviceaccount.com";
        standIn.requireServiceAccount(email, key.getPublic());
        Path keyFile = dir.resolve("service-account.json");
        Files.writeString(keyFile, JSON.writeValueAsString(JSON.createObjectNode()
                .put("type", "service_account").put("project_id", "geocdn-test").put("private_key_id", "k1")
                .put("private_key", "-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder().encodeToString(key.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n")
                .put("client_email", email).put("client_id", "1234567890")
                .put("token_uri", standIn.endpoint() + "/token")));

        assertThatThrownBy(() -> provider.apply(plan(ALL)))
                .isInstanceOfSatisfying(DnsException.class, e -> assertThat(e.getCode()).isEqualTo(401));
        try (CloudDnsProvider authenticated = CloudDnsProvider.create(properties(standIn.endpoint(), keyFile))) {
            authenticated.apply(plan(ALL));
        }

        assertThat(served()).isEqualTo(expected(plan(ALL)));
        // the key signed a JWT-bearer grant at the key file's token_uri, and the token it got carried every call
        assertThat(standIn.requests).contains("POST /token");
        assertThat(standIn.authorizations).isNotEmpty().containsOnly("Bearer ya29.stand-in-0");
    }
}
