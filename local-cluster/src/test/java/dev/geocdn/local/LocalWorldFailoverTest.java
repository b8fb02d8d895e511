package dev.geocdn.local;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Failures in the local world, over real sockets: a node killed under load costs no failed
 * request, and a killed region's clients go to the next-nearest region at once and come back
 * when it returns. Whichever notices first, the gateways' own failover (refused connections,
 * circuit breakers) or the health service's membership, no client sees an error.
 */
class LocalWorldFailoverTest {

    private static LocalWorld world;

    @BeforeAll
    static void startWorld() {
        world = LocalWorld.start(WorldConfig.ephemeral());
    }

    @AfterAll
    static void stopWorld() {
        world.close();
    }

    private static String url(int i) {
        return world.gatewayUrl() + "/objects/failover-" + i + "?size=1k&cc=max-age%3D300";
    }

    @Test
    void aNodeKilledUnderLoad_costsNoFailedRequest() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger served = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        Set<String> servers = java.util.concurrent.ConcurrentHashMap.newKeySet();
        CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
            for (int i = 0; running.get() && i < 5_000; i++) {
                ClientFrom.Response r = ClientFrom.get("127.0.1.40", url(i % 50));
                if (r.status() != 200) {
                    failures.add(r.status() + " " + r.body());
                }
                servers.add(String.valueOf(r.header("X-Served-By")));
                served.incrementAndGet();
            }
        });
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(servers).as("the load reached both us-west nodes")
                .contains("us-west/us-west-1", "us-west/us-west-2"));
        world.stopNode("us-west-1");
        int atKill = served.get();
        Thread.sleep(2000); // the load runs on through the failover: refused connections, then the health service's membership
        running.set(false);
        load.get();
        world.startNode("us-west-1");

        assertThat(failures).as("failed requests").isEmpty();
        assertThat(served.get() - atKill).as("requests served after the kill").isGreaterThan(20);
        assertThat(servers).contains("us-west/us-west-1", "us-west/us-west-2");
        assertThat(world.isNodeRunning("us-west-1")).isTrue();
        WorldHealth.awaitAllUp(world);
    }

    @Test
    void aKilledRegion_sendsItsClientsToTheNextNearest_andTakesThemBackWhenItReturns() throws Exception {
        assertThat(ClientFrom.get("127.0.3.40", url(1)).header("X-Served-By")).startsWith("eu-west/");

        world.stopRegion("eu-west");
        long stopped = System.nanoTime();
        ClientFrom.Response during = ClientFrom.get("127.0.3.40", url(2));
        double failoverSeconds = (System.nanoTime() - stopped) / 1e9;

        assertThat(during.status()).isEqualTo(200);
        assertThat(during.header("X-Served-By")).as("us-east is 80 ms from eu-west, us-west 140").startsWith("us-east/");
        String skipped = during.header("X-GeoCDN-Skipped");
        // either the global gateway tried eu-west and moved on, or the health service had already
        // taken eu-west out (stopping a region takes a moment) and it was not tried at all
        assertThat(skipped == null || skipped.contains("gateway:eu-west")).as("skipped: " + skipped).isTrue();
        assertThat(failoverSeconds).isLessThan(5);

        world.startRegion("eu-west");
        // a request that fails stops the wait at once: no client sees an error meanwhile
        await().atMost(Duration.ofSeconds(15)).alias("eu-west takes its clients back").until(() -> {
            ClientFrom.Response r = ClientFrom.get("127.0.3.40", url(3));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            return r.header("X-Served-By");
        }, servedBy -> servedBy.startsWith("eu-west/"));
        WorldHealth.awaitAllUp(world);
    }

    @Test
    void emulatedLatency_delaysRequestsServedAcrossRegions_only() throws Exception {
        world.setEmulatedRtt(java.util.Map.of("us-west", java.util.Map.of("us-east", 400.0)));
        try {
            ClientFrom.get("127.0.2.41", url(10)); // fill us-east, so timings below are hits
            long local = timed(() -> ClientFrom.get("127.0.2.41", url(10)));
            assertThat(local).as("a us-east client served by us-east waits no emulated RTT").isLessThan(300);

            world.nodeIds("us-west").forEach(world::stopNode);
            ClientFrom.Response[] across = new ClientFrom.Response[1];
            long crossing = timed(() -> across[0] = ClientFrom.get("127.0.1.41", url(10)));
            assertThat(across[0].status()).isEqualTo(200);
            assertThat(across[0].header("X-Served-By")).as("us-east is us-west's nearest").startsWith("us-east/");
            assertThat(crossing).as("a us-west client served by us-east waits the emulated RTT").isGreaterThanOrEqualTo(400);
        } finally {
            world.setEmulatedRtt(java.util.Map.of());
            world.nodeIds("us-west").forEach(world::startNode);
            WorldHealth.awaitAllUp(world);
        }
    }

    private static long timed(Runnable request) {
        long start = System.nanoTime();
        request.run();
        return (System.nanoTime() - start) / 1_000_000;
    }
}
