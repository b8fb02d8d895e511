package dev.geocdn.bench.world;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The many-regions benchmark, run against a local world started with
 * {@code --emulate-latency=on} (see {@code benchmarks/world-failover.sh}): clients in each region
 * send GETs at a fixed rate (open loop) through the global gateway, and the benchmark reports
 * <ol>
 *   <li>per client region: hit latency p50/p99 with every region up;</li>
 *   <li>a node killed under load: requests lost;</li>
 *   <li>a region killed under load and started again: requests lost, time until its clients are
 *       served by the next-nearest region, until the health service marks it down, and until its
 *       clients are served by it again; their latency meanwhile (paying the emulated RTT).</li>
 * </ol>
 * Loopback only; every phase is bounded in time.
 */
public final class WorldFailoverBenchmark {

    private static final HttpClient CONTROL = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Map<String, String> options;
    private final List<RegionClients> regions = new ArrayList<>();
    private final long origin = System.nanoTime();

    private WorldFailoverBenchmark(Map<String, String> options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchOptions.parse(args, Map.of(
                "gateway", "http://127.0.0.1:18080", "control", "http://127.0.0.1:18083",
                "health", "http://127.0.0.1:18082", "rate", "50", "objects", "200", "warmup", "20",
                "steady", "10", "outage", "6", "node", "us-west-1", "region", "eu-west"));
        new WorldFailoverBenchmark(options).run();
    }

    private int number(String name) {
        return Integer.parseInt(options.get(name));
    }

    private void run() throws Exception {
        String gateway = options.get("gateway");
        int rate = number("rate");
        int objects = number("objects");
        regions.add(new RegionClients("us-west", "127.0.1.50", gateway, rate, objects));
        regions.add(new RegionClients("us-east", "127.0.2.50", gateway, rate, objects));
        regions.add(new RegionClients("eu-west", "127.0.3.50", gateway, rate, objects));
        System.out.println("emulated RTT (ms): " + control("GET", "/v1/latency"));
        regions.forEach(r -> r.fill(origin));
        load(Duration.ofSeconds(number("warmup"))); // JIT and connections

        List<RegionClients.Sample> steady = load(Duration.ofSeconds(number("steady")));
        System.out.printf("%n## Hits through the global gateway, every region up (%d s, %d requests/s per region)%n%n",
                number("steady"), rate);
        System.out.println("| client region | requests | hits | served by own region | p50 | p99 | max |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (RegionClients r : regions) {
            List<RegionClients.Sample> mine = steady.stream().filter(s -> s.clientRegion().equals(r.region())).toList();
            System.out.printf(Locale.ROOT, "| %s | %d | %.1f%% | %.1f%% | %s | %s | %s |%n", r.region(), mine.size(),
                    percent(mine, RegionClients.Sample::hit), percent(mine, s -> s.servingRegion().equals(r.region())),
                    ms(percentile(mine, 50)), ms(percentile(mine, 99)), ms(percentile(mine, 100)));
        }

        nodeKill();
        awaitAllUp();
        regionKill();
        awaitAllUp();
        regions.forEach(RegionClients::close);
    }

    private void nodeKill() throws Exception {
        String node = options.get("node");
        Duration outage = Duration.ofSeconds(number("outage"));
        AtomicLong killedAt = new AtomicLong();
        List<RegionClients.Sample> samples = load(Duration.ofSeconds(2).plus(outage).plus(Duration.ofSeconds(2)), () -> {
            sleep(Duration.ofSeconds(2));
            killedAt.set(System.nanoTime() - origin);
            control("POST", "/v1/nodes/" + node + "/stop");
            sleep(outage);
            control("POST", "/v1/nodes/" + node + "/start");
        });
        List<RegionClients.Sample> after = samples.stream().filter(s -> s.startNanos() >= killedAt.get()).toList();
        System.out.printf("%n## Node %s killed under load, started again after %d s%n%n", node, outage.toSeconds());
        System.out.printf("requests from the kill on: %d, failed: %d%s%n", after.size(), failed(after), failures(after));
    }

    private void regionKill() throws Exception {
        String region = options.get("region");
        Duration outage = Duration.ofSeconds(number("outage"));
        AtomicLong killedAt = new AtomicLong();
        AtomicLong markedDownAt = new AtomicLong(-1);
        AtomicLong startCalledAt = new AtomicLong();
        AtomicLong startedAt = new AtomicLong();
        AtomicLong stoppedAt = new AtomicLong();
        List<RegionClients.Sample> samples = load(Duration.ofSeconds(2).plus(outage).plus(Duration.ofSeconds(12)), () -> {
            sleep(Duration.ofSeconds(2));
            killedAt.set(System.nanoTime() - origin);
            Thread watcher = Thread.ofPlatform().daemon().start(() -> {
                while (markedDownAt.get() < 0 && System.nanoTime() - origin - killedAt.get() < outage.toNanos()) {
                    if (regionState(region).equals("DOWN")) {
                        markedDownAt.set(System.nanoTime() - origin);
                    }
                    sleep(Duration.ofMillis(50));
                }
            });
            control("POST", "/v1/regions/" + region + "/stop");
            stoppedAt.set(System.nanoTime() - origin);
            sleep(Duration.ofNanos(Math.max(0, killedAt.get() + outage.toNanos() - (System.nanoTime() - origin))));
            watcher.join();
            startCalledAt.set(System.nanoTime() - origin);
            control("POST", "/v1/regions/" + region + "/start");
            startedAt.set(System.nanoTime() - origin);
        });
        List<RegionClients.Sample> mine = samples.stream().filter(s -> s.clientRegion().equals(region)).toList();
        List<RegionClients.Sample> fromKill = samples.stream().filter(s -> s.startNanos() >= killedAt.get()).toList();
        long firstElsewhere = mine.stream().filter(s -> s.startNanos() >= killedAt.get() && !s.failed()
                        && !s.servingRegion().equals(region))
                .mapToLong(s -> s.startNanos() + s.latencyNanos()).min().orElse(-1);
        long firstBack = mine.stream().filter(s -> s.startNanos() >= startCalledAt.get() && s.servingRegion().equals(region))
                .mapToLong(s -> s.startNanos() + s.latencyNanos()).min().orElse(-1);
        List<RegionClients.Sample> away = mine.stream().filter(s -> s.startNanos() >= killedAt.get()
                && s.startNanos() < startCalledAt.get() && !s.failed()).toList();
        System.out.printf("%n## Region %s killed under load (gateway and nodes), started again after %d s%n%n", region,
                outage.toSeconds());
        System.out.printf("requests from the kill on (all regions): %d, failed: %d%s%n", fromKill.size(), failed(fromKill),
                failures(fromKill));
        System.out.printf("stop command (gateway and nodes closed) took %s%n", ms(stoppedAt.get() - killedAt.get()));
        System.out.printf("first response to a %s client from another region: %s after the kill%n", region,
                firstElsewhere < 0 ? "never" : ms(firstElsewhere - killedAt.get()));
        System.out.printf("health service marked %s down: %s after the kill%n", region,
                markedDownAt.get() < 0 ? "not within the outage" : ms(markedDownAt.get() - killedAt.get()));
        System.out.printf(Locale.ROOT, "%s clients meanwhile: %d requests, served by %s, p50 %s, p99 %s%n", region, away.size(),
                String.join(", ", away.stream().map(RegionClients.Sample::servingRegion).distinct().toList()),
                ms(percentile(away, 50)), ms(percentile(away, 99)));
        System.out.printf("start command took %s; first response from %s again: %s after the command%n",
                ms(startedAt.get() - startCalledAt.get()), region,
                firstBack < 0 ? "never" : ms(firstBack - startCalledAt.get()));
    }

    private List<RegionClients.Sample> load(Duration duration) throws Exception {
        return load(duration, () -> sleep(duration));
    }

    /** Runs every region's clients while {@code script} runs, at least {@code duration}. */
    private List<RegionClients.Sample> load(Duration duration, ThrowingRunnable script) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        java.util.Queue<RegionClients.Sample> samples = new java.util.concurrent.ConcurrentLinkedQueue<>();
        List<java.util.concurrent.CountDownLatch> done = new ArrayList<>();
        long end = System.nanoTime() + duration.toNanos();
        regions.forEach(r -> done.add(r.start(running, origin, samples)));
        try {
            script.run();
            sleep(Duration.ofNanos(Math.max(0, end - System.nanoTime())));
        } finally {
            running.set(false);
            for (java.util.concurrent.CountDownLatch latch : done) {
                latch.await(40, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
        return new ArrayList<>(samples);
    }

    private String control(String method, String path) throws Exception {
        HttpResponse<String> response = CONTROL.send(HttpRequest.newBuilder(URI.create(options.get("control") + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private String regions() {
        try {
            return CONTROL.send(HttpRequest.newBuilder(URI.create(options.get("health") + "/v1/regions")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "";
        }
    }

    /** The region's state in the health service's membership: {@code UP}, {@code DOWN} or empty. */
    private String regionState(String region) {
        var m = java.util.regex.Pattern.compile("\"name\":\"" + region + "\"[^\\[{]*?\"state\":\"([A-Z]+)\"").matcher(regions());
        return m.find() ? m.group(1) : "";
    }

    private void awaitAllUp() {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && (regions().isEmpty() || regions().contains("\"DOWN\""))) {
            sleep(Duration.ofMillis(200));
        }
    }

    private static long failed(List<RegionClients.Sample> samples) {
        return samples.stream().filter(RegionClients.Sample::failed).count();
    }

    private static String failures(List<RegionClients.Sample> samples) {
        List<String> kinds = samples.stream().filter(RegionClients.Sample::failed)
                .map(s -> s.error() != null ? s.error() : "status " + s.status()).distinct().limit(3).toList();
        return kinds.isEmpty() ? "" : " (" + String.join("; ", kinds) + ")";
    }

    private static double percent(List<RegionClients.Sample> samples, Predicate<RegionClients.Sample> p) {
        return samples.isEmpty() ? 0 : 100.0 * samples.stream().filter(p).count() / samples.size();
    }

    private static long percentile(List<RegionClients.Sample> samples, int p) {
        long[] sorted = samples.stream().mapToLong(RegionClients.Sample::latencyNanos).sorted().toArray();
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
