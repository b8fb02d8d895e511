package dev.geocdn.health.probe;

import dev.geocdn.health.membership.HealthBook;
import dev.geocdn.health.verdict.ProbeResult;
import dev.geocdn.protocol.topology.Membership;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Probes every node and gateway on its own ticker, each started at a random offset within one
 * interval so that probes spread out (Traffic Monitor's pollers do the same), and records the
 * results in the {@link HealthBook}.
 *
 * <p>A node is healthy when its management health endpoint answers 200 with status UP and,
 * when a cache path is configured, a GET of that path through its data plane answers 2xx or
 * 304 (a real read through the cache). A gateway is healthy when its management health
 * endpoint says UP, or without a management URL, when it accepts a TCP connection.
 *
 * <p>Probes run on virtual threads with a timeout, so a hung target costs a parked thread,
 * never a probe of another target. Each result is recorded, then told to the
 * {@link ProbeListener} (metrics) with how long the probe took.
 */
public final class TargetProber implements AutoCloseable {

    private final HealthBook book;
    private final ProbeListener listener;
    private final Duration timeout;
    private final String cachePath;
    private final java.util.concurrent.ExecutorService probeThreads = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("geocdn-health-ticker").factory());
    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();

    public TargetProber(HealthBook book, ProbeListener listener, Duration interval, Duration timeout,
                        String cachePath) {
        this.book = book;
        this.listener = listener;
        this.timeout = timeout;
        this.cachePath = cachePath == null ? "" : cachePath;
        this.http = HttpClient.newBuilder().connectTimeout(timeout)
                .executor(probeThreads).build();
        long period = Math.max(10, interval.toMillis());
        book.topology().forEach((region, spec) -> {
            for (Membership.NodeSpec node : spec.nodes()) {
                schedule(period, node.id(), ProbeListener.NODE, () -> probeNode(node));
            }
            if (spec.gateway() != null) {
                schedule(period, HealthBook.gatewayTarget(region), ProbeListener.GATEWAY, () -> probeGateway(spec));
            }
        });
    }

    private void schedule(long period, String target, String kind,
                          java.util.function.Supplier<CompletableFuture<ProbeResult>> probe) {
        tasks.add(ticker.scheduleAtFixedRate(() -> {
            long start = System.nanoTime();
            probe.get()
                    .exceptionally(e -> ProbeResult.failed(describe(e)))
                    .thenAccept(result -> {
                        book.record(target, result);
                        listener.probed(kind, result, Duration.ofNanos(System.nanoTime() - start));
                    });
        }, ThreadLocalRandom.current().nextLong(period), period, TimeUnit.MILLISECONDS));
    }

    CompletableFuture<ProbeResult> probeNode(Membership.NodeSpec node) {
        CompletableFuture<ProbeResult> health = node.management() == null
                ? CompletableFuture.completedFuture(ProbeResult.ok("no management URL"))
                : healthEndpoint(node.management());
        if (cachePath.isEmpty()) {
            return health;
        }
        return health.thenCompose(h -> !h.ok() ? CompletableFuture.completedFuture(h) : cacheRead(node.url()));
    }

    CompletableFuture<ProbeResult> probeGateway(Membership.RegionSpec region) {
        if (region.gatewayManagement() != null) {
            return healthEndpoint(region.gatewayManagement());
        }
        return CompletableFuture.supplyAsync(() -> connect(region.gateway()), probeThreads);
    }

    private CompletableFuture<ProbeResult> healthEndpoint(URI management) {
        long start = System.nanoTime();
        HttpRequest request = HttpRequest.newBuilder(management.resolve("/actuator/health")).timeout(timeout).GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            long ms = (System.nanoTime() - start) / 1_000_000;
            if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
                return ProbeResult.ok("health UP in " + ms + " ms");
            }
            return ProbeResult.failed("health answered " + response.statusCode());
        });
    }

    private CompletableFuture<ProbeResult> cacheRead(URI node) {
        long start = System.nanoTime();
        HttpRequest request = HttpRequest.newBuilder(node.resolve(cachePath)).timeout(timeout).GET()
                .header("User-Agent", "geocdn-health").build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApply(response -> {
            long ms = (System.nanoTime() - start) / 1_000_000;
            int status = response.statusCode();
            return status / 100 == 2 || status == 304
                    ? ProbeResult.ok("health UP, cache read " + status + " in " + ms + " ms")
                    : ProbeResult.failed("cache read of " + cachePath + " answered " + status);
        });
    }

    private ProbeResult connect(URI url) {
        int port = url.getPort() > 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(url.getHost(), port), (int) timeout.toMillis());
            return ProbeResult.ok("accepts connections");
        } catch (IOException e) {
            return ProbeResult.failed(describe(e));
        }
    }

    static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String name = root.getClass().getSimpleName();
        return switch (name) {
            case "ConnectException" -> "connection refused";
            case "ClosedChannelException", "EOFException" -> "connection closed";
            case "HttpConnectTimeoutException", "HttpTimeoutException", "SocketTimeoutException" -> "timed out";
            default -> root.getMessage() == null ? name : name + ": " + root.getMessage();
        };
    }

    @Override
    public void close() {
        tasks.forEach(t -> t.cancel(false));
        ticker.shutdownNow();
        probeThreads.shutdownNow();
        http.shutdownNow();
    }
}
