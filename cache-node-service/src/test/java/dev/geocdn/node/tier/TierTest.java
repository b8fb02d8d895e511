package dev.geocdn.node.tier;

import dev.geocdn.cache.store.ResponseCache;
import dev.geocdn.node.NodeFixture;
import dev.geocdn.node.purge.CachePurgeApplier;
import dev.geocdn.protocol.hlc.HybridLogicalClock;
import dev.geocdn.protocol.purge.PurgeCommand;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;


import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The persistence tier against a real redis-server: what a node stores survives its restart
 * (a new node with the same tier serves it without the origin), with its freshness and
 * validators; purges reach the tier; Redis going down costs no client request, and the node
 * uses it again once it is back.
 */
class TierTest {

    private static final String HOST = "cdn.tier.test";

    @RegisterExtension
    static final OnRedis tier = new OnRedis();

    /** A node with the tier, whose circuit opens and closes quickly. */
    private NodeFixture node(String... extra) {
        List<String> properties = new ArrayList<>(List.of("cdn.tier.redis.breaker.open-for=1s",
                "cdn.tier.redis.breaker.window=4"));
        properties.addAll(List.of(extra));
        return tier.node(properties.toArray(String[]::new));
    }

    /** A response as the node sent it: status, fields by lower-case name, body. */
    record Reply(int status, Map<String, String> fields, String body) {
        String field(String name) {
            return fields.getOrDefault(name.toLowerCase(Locale.ROOT), "");
        }
    }

    static Reply get(NodeFixture node, String path, String... fields) {
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: " + HOST + "\r\n");
        for (String field : fields) {
            request.append(field).append("\r\n");
        }
        request.append("Connection: close\r\n\r\n");
        String raw;
        try {
            raw = node.raw(request.toString(), Duration.ofSeconds(10));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int headEnd = raw.indexOf("\r\n\r\n");
        String[] lines = raw.substring(0, headEnd).split("\r\n");
        Map<String, String> map = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            map.merge(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip(),
                    (a, b) -> a + ", " + b);
        }
        return new Reply(Integer.parseInt(lines[0].split(" ")[1]), map, raw.substring(headEnd + 4));
    }

    static double counter(NodeFixture node, String name, String outcome) {
        return node.context.getBean(MeterRegistry.class).counter(name, "outcome", outcome).count();
    }

    /** Fills {@code path} through {@code node} and waits until the tier holds it. */
    static Reply fillAndAwaitTier(NodeFixture node, String path) {
        double before = counter(node, "geocdn.tier.writes", "written");
        Reply miss = get(node, path);
        assertThat(miss.status()).as("%s", miss).isEqualTo(200);
        assertThat(miss.field("Cache-Status")).contains("fwd=uri-miss");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> counter(node, "geocdn.tier.writes", "written") > before);
        return miss;
    }

    @Test
    void aRestartedNodeServesWhatItStoredFromTheTier_withoutTheOrigin() {
        String path = "/objects/tier-restart?size=5000&cc=max-age%3D600&etag=t1&header=Age:100";
        NodeFixture first = node();
        Reply filled = fillAndAwaitTier(first, path);
        first.close();

        NodeFixture restarted = node();
        Reply fromTier = get(restarted, path);

        assertThat(fromTier.status()).isEqualTo(200);
        assertThat(fromTier.field("Cache-Status")).startsWith("test-node; hit; ttl=").endsWith("; tier=redis");
        assertThat(fromTier.body()).isEqualTo(filled.body()).hasSize(5000);
        assertThat(fromTier.field("ETag")).isEqualTo("\"t1\"");
        assertThat(Long.parseLong(fromTier.field("Age"))).as("the age it would have had").isGreaterThanOrEqualTo(100);
        assertThat(restarted.origin.requestCount()).as("the origin was not asked").isZero();

        Reply fromMemory = get(restarted, path);
        assertThat(fromMemory.field("Cache-Status")).startsWith("test-node; hit;").doesNotContain("tier=");
        assertThat(restarted.origin.requestCount()).isZero();
    }

    @Test
    void everyVariantOfAUrlIsKept_andAUrlPurgeRemovesThemAll() {
        String path = "/objects/tier-vary?size=400&cc=max-age%3D600&vary=Accept-Encoding";
        NodeFixture first = node();
        double before = counter(first, "geocdn.tier.writes", "written");
        for (String encoding : List.of("gzip", "br")) {
            assertThat(get(first, path, "Accept-Encoding: " + encoding).field("Cache-Status")).contains("fwd=");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> counter(first, "geocdn.tier.writes", "written") >= before + 2);
        first.close();

        NodeFixture restarted = node();
        for (String encoding : List.of("gzip", "br")) {
            Reply reply = get(restarted, path, "Accept-Encoding: " + encoding);
            assertThat(reply.field("Cache-Status")).as(encoding).contains("; hit").endsWith("tier=redis");
            assertThat(reply.body()).hasSize(400);
        }
        double written = counter(restarted, "geocdn.tier.writes", "written");
        assertThat(get(restarted, path, "Accept-Encoding: zstd").field("Cache-Status")).as("a variant never stored")
                .contains("fwd=");
        assertThat(restarted.origin.requestCount()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> counter(restarted, "geocdn.tier.writes", "written") > written);

        CachePurgeApplier applier = new CachePurgeApplier(restarted.context.getBean(ResponseCache.class),
                restarted.context.getBean(ResponseTier.class), restarted.context.getBean(HybridLogicalClock.class));
        long at = restarted.context.getBean(HybridLogicalClock.class).now();
        applier.apply(new PurgeCommand("p-vary", at, List.of("http://" + HOST + path), List.of(), List.of(), false,
                "test", Instant.now()), at);
        restarted.close();

        NodeFixture again = node();
        for (String encoding : List.of("gzip", "br", "zstd")) {
            assertThat(get(again, path, "Accept-Encoding: " + encoding).field("Cache-Status")).as(encoding)
                    .contains("fwd=").doesNotContain("; hit").doesNotContain("tier=");
        }
    }

    @Test
    void aCopyThatAnIndexNoLongerLists_isNotServed_forNoPurgeCouldFindIt() {
        String path = "/objects/tier-unlisted?size=100&cc=max-age%3D600&sk=evicted-tag";
        NodeFixture first = node();
        fillAndAwaitTier(first, path);
        first.close();
        // Redis's maxmemory policy evicted the surrogate key's set, not the copy
        assertThat(tier.redis().command("DEL geocdn:tag:evicted-tag")).isEqualTo(":1");

        NodeFixture restarted = node();
        assertThat(get(restarted, path).field("Cache-Status")).contains("fwd=uri-miss").doesNotContain("tier=");
        assertThat(counter(restarted, "geocdn.tier.reads", "unlisted")).isEqualTo(1);
        assertThat(restarted.origin.requestCount()).isEqualTo(1);
        // filled again from the origin, the copy is written and listed again
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(tier.redis()
                .command("SISMEMBER geocdn:tag:evicted-tag http://" + HOST + path)).isEqualTo(":1"));
    }

    @Test
    void aStaleCopyIsRevalidated_notServedAsFresh() {
        // stored already stale: max-age 60 with an Age of 600, and a validator to revalidate with
        String path = "/objects/tier-stale?size=300&cc=max-age%3D60&etag=s1&header=Age:600";
        NodeFixture first = node();
        fillAndAwaitTier(first, path);
        first.close();

        NodeFixture restarted = node();
        Reply reply = get(restarted, path);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.field("Cache-Status")).contains("fwd-status=304");
        assertThat(restarted.origin.conditionalRequestCount()).isEqualTo(1);
        assertThat(restarted.origin.requestCount()).isEqualTo(1);
        assertThat(reply.body()).hasSize(300);
    }

    @Test
    void purgesReachTheTier_andNothingPurgedComesBackFromIt_whileWhatTheyDoNotCoverStays() {
        purgesReachTheTier(this::node, key -> tier.redis().command("EXISTS " + key).equals(":1"));
    }

    /**
     * Fills four objects, purges three of them by URL, surrogate key and a prefix that ends inside
     * a file name, and restarts the node: the three come from the origin, the fourth from the tier.
     *
     * @param node   starts a node with the tier
     * @param exists whether Redis holds a key
     */
    static void purgesReachTheTier(Supplier<NodeFixture> node, Predicate<String> exists) {
        String byUrl = "/objects/tier-purge-url?size=100&cc=max-age%3D600";
        String byTag = "/objects/tier-purge-tag?size=100&cc=max-age%3D600&sk=tier-tag";
        String byPrefix = "/objects/tier-pfx-1?size=100&cc=max-age%3D600";
        String kept = "/objects/tier-keep?size=100&cc=max-age%3D600&sk=other-tag";
        NodeFixture first = node.get();
        for (String path : List.of(byUrl, byTag, byPrefix, kept)) {
            fillAndAwaitTier(first, path);
        }
        CachePurgeApplier applier = new CachePurgeApplier(first.context.getBean(ResponseCache.class),
                first.context.getBean(ResponseTier.class), first.context.getBean(HybridLogicalClock.class));
        long at = first.context.getBean(HybridLogicalClock.class).now();
        applier.apply(new PurgeCommand("p-url", at, List.of("http://" + HOST + byUrl), List.of(), List.of(), false,
                "test", Instant.now()), at);
        applier.apply(new PurgeCommand("p-tag", at + 1, List.of(), List.of(), List.of("tier-tag"), true,
                "test", Instant.now()), at + 1);
        // a prefix that ends inside a file name: the directory's list, filtered
        applier.apply(new PurgeCommand("p-prefix", at + 2, List.of(), List.of("http://" + HOST + "/objects/tier-pfx"),
                List.of(), false, "test", Instant.now()), at + 2);
        for (String path : List.of(byUrl, byTag, byPrefix)) {
            assertThat(exists.test("geocdn:obj:http://" + HOST + path)).as("the tier's copy of " + path).isFalse();
        }
        assertThat(exists.test("geocdn:obj:http://" + HOST + kept)).as("the copy no purge covers").isTrue();
        first.close();

        NodeFixture restarted = node.get();
        for (String path : List.of(byUrl, byTag, byPrefix)) {
            Reply reply = get(restarted, path);
            assertThat(reply.status()).as("%s", reply).isEqualTo(200);
            assertThat(reply.field("Cache-Status")).as(path).contains("fwd=uri-miss").doesNotContain("tier=");
        }
        assertThat(restarted.origin.requestCount()).isEqualTo(3);
        assertThat(get(restarted, kept).field("Cache-Status")).as("not covered by any purge")
                .contains("; hit").contains("tier=redis");
        assertThat(restarted.origin.requestCount()).isEqualTo(3);
    }

    @Test
    void aPurgeThatCannotReachRedis_isRetried_andTheTierIsNotReadUntilItIs() {
        String purged = "/objects/tier-pending?size=100&cc=max-age%3D600";
        NodeFixture node = node("cdn.tier.redis.timeout=200ms");
        fillAndAwaitTier(node, purged);
        MeterRegistry meters = node.context.getBean(MeterRegistry.class);
        CachePurgeApplier applier = new CachePurgeApplier(node.context.getBean(ResponseCache.class),
                node.context.getBean(ResponseTier.class), node.context.getBean(HybridLogicalClock.class));

        String copy = "EXISTS geocdn:obj:http://" + HOST + purged;
        assertThat(tier.redis().command(copy)).as("in the tier").isEqualTo(":1");

        // Redis stops answering for a while but keeps its data, as under a long stall
        assertThat(tier.redis().command("CLIENT PAUSE 1500 ALL")).isEqualTo("+OK");
        long at = node.context.getBean(HybridLogicalClock.class).now();
        applier.apply(new PurgeCommand("p-pending", at, List.of("http://" + HOST + purged), List.of(), List.of(), false,
                "test", Instant.now()), at);
        assertThat(meters.get("geocdn.tier.purges.pending").gauge().value()).isEqualTo(1.0);

        Reply other = get(node, "/objects/tier-pending-other?size=100&cc=max-age%3D600");
        assertThat(other.status()).isEqualTo(200);
        assertThat(counter(node, "geocdn.tier.reads", "purge-pending")).as("the tier was not read").isPositive();

        // reads retry the purge once Redis answers again
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).until(() -> {
            get(node, "/objects/tier-pending-" + System.nanoTime() + "?size=10&cc=max-age%3D600");
            return meters.get("geocdn.tier.purges.pending").gauge().value() == 0.0;
        });
        assertThat(tier.redis().command(copy)).as("purged on retry").isEqualTo(":0");
    }

    @Test
    void redisDownUnderLoad_costsNoClientRequest_andTheNodeUsesItAgainOnceBack() throws Exception {
        NodeFixture node = node("cdn.tier.redis.timeout=200ms");
        fillAndAwaitTier(node, "/objects/tier-down-0?size=100&cc=max-age%3D600");

        // clients keep asking throughout: misses and hits, while Redis goes down and comes back
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<List<Integer>>> load = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            load.add(clients.submit(() -> {
                List<Integer> statuses = new ArrayList<>();
                for (int i = 0; i < 150; i++) {
                    statuses.add(get(node, "/objects/tier-load-" + thread + "-" + (i % 40) + "?size=200&cc=max-age%3D600")
                            .status());
                }
                return statuses;
            }));
        }
        tier.redis().kill();
        try {
            for (int i = 1; i <= 30; i++) {
                Reply reply = get(node, "/objects/tier-down-" + i + "?size=100&cc=max-age%3D600");
                assertThat(reply.status()).as("request %d with Redis down", i).isEqualTo(200);
                assertThat(reply.body()).hasSize(100);
            }
            assertThat(counter(node, "geocdn.tier.reads", "unavailable"))
                    .as("the circuit opened: later reads did not wait for Redis").isPositive();
            HealthIndicator tierHealth = node.context.getBean("tierHealthIndicator", HealthIndicator.class);
            assertThat(tierHealth.health().getStatus().getCode()).isEqualTo("DEGRADED");
            assertThat(node.client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.managementPort()
                    + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString()).body())
                    .as("the node stays in service").contains("\"status\":\"UP\"");
        } finally {
            tier.redis().startAgain();
        }
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).until(() -> {
            Reply reply = get(node, "/objects/tier-back-" + System.nanoTime() + "?size=100&cc=max-age%3D600");
            assertThat(reply.status()).isEqualTo(200);
            return node.context.getBean(MeterRegistry.class).get("geocdn.tier.available").gauge().value() == 1.0
                    && counter(node, "geocdn.tier.writes", "written") >= 2
                    && node.context.getBean("tierHealthIndicator", HealthIndicator.class).health().getStatus()
                    .getCode().equals("UP");
        });
        clients.shutdown();
        for (Future<List<Integer>> statuses : load) {
            assertThat(statuses.get(60, TimeUnit.SECONDS)).as("no client request lost").hasSize(150).containsOnly(200);
        }
    }
}
