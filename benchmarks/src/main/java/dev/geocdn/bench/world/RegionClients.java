package dev.geocdn.bench.world;

import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Open-loop clients of one region: requests sent at a fixed rate through the global gateway, over
 * keep-alive connections whose source address places them in the region (127.0.N.x, as
 * {@code curl --interface}), whether or not earlier ones have answered, so that a stall shows as
 * latency instead of slowing the clients down (no coordinated omission). Every request becomes a
 * {@link Sample}.
 */
final class RegionClients {

    /** One request: when it started (ns since the run began), how long it took, what came back. */
    record Sample(String clientRegion, long startNanos, long latencyNanos, int status, String servedBy,
                  boolean hit, String error, String path, String cacheStatus) {
        boolean failed() {
            return error != null || status < 200 || status > 299;
        }

        String servingRegion() {
            return servedBy == null ? "" : servedBy.substring(0, Math.max(0, servedBy.indexOf('/')));
        }
    }

    private final String region;
    private final HttpClient client;
    private final ConnectionProvider pool;
    private final String gateway;
    private final int rate;
    private final int objects;

    RegionClients(String region, String sourceAddress, String gateway, int rate, int objects) {
        this.region = region;
        this.gateway = gateway;
        this.rate = rate;
        this.objects = objects;
        this.pool = ConnectionProvider.builder("bench-" + region).maxConnections(256)
                .pendingAcquireTimeout(Duration.ofSeconds(30)).build();
        this.client = HttpClient.create(pool)
                .bindAddress(() -> new InetSocketAddress(sourceAddress, 0))
                .responseTimeout(Duration.ofSeconds(30));
    }

    String region() {
        return region;
    }

    static String path(int object) {
        return "/objects/world-bench-" + object + "?size=4k&cc=max-age%3D3600";
    }

    /** Fetches every object once, so that the measured requests are hits. */
    void fill(long origin) {
        for (int i = 0; i < objects; i++) {
            request(path(i), origin).block();
        }
    }

    /**
     * Sends {@code rate} requests a second for random objects until {@code running} turns false;
     * the returned latch opens when every request sent has been answered or has failed.
     */
    java.util.concurrent.CountDownLatch start(AtomicBoolean running, long origin, Queue<Sample> out) {
        return start(running, origin, out, () -> path(ThreadLocalRandom.current().nextInt(objects)));
    }

    /** As {@link #start(AtomicBoolean, long, Queue)}, each request for the path {@code paths} gives. */
    java.util.concurrent.CountDownLatch start(AtomicBoolean running, long origin, Queue<Sample> out,
                                              java.util.function.Supplier<String> paths) {
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger(1);
        Runnable finishOne = () -> {
            if (inFlight.decrementAndGet() == 0) {
                done.countDown();
            }
        };
        Thread.ofPlatform().daemon().name("bench-" + region).start(() -> {
            long period = 1_000_000_000L / rate;
            long next = System.nanoTime();
            while (running.get()) {
                inFlight.incrementAndGet();
                request(paths.get(), origin)
                        .subscribe(sample -> {
                            out.add(sample);
                            finishOne.run();
                        });
                next += period;
                java.util.concurrent.locks.LockSupport.parkNanos(next - System.nanoTime());
            }
            finishOne.run();
        });
        return done;
    }

    /** One GET; never fails: an error becomes a failed sample. */
    Mono<Sample> request(String path, long origin) {
        return Mono.defer(() -> {
            long start = System.nanoTime();
            return client.get().uri(gateway + path).responseSingle((response, body) -> body.asByteArray()
                            .defaultIfEmpty(new byte[0])
                            .map(bytes -> new Sample(region, start - origin, System.nanoTime() - start,
                                    response.status().code(), response.responseHeaders().get("X-Served-By"),
                                    response.responseHeaders().get("Cache-Status", "").contains("; hit"), null, path,
                                    response.responseHeaders().get("Cache-Status", ""))))
                    .onErrorResume(e -> Mono.just(new Sample(region, start - origin, System.nanoTime() - start,
                            0, null, false, e.getClass().getSimpleName() + ": " + e.getMessage(), path, "")));
        });
    }

    void close() {
        pool.disposeLater().block(Duration.ofSeconds(5));
    }

}
