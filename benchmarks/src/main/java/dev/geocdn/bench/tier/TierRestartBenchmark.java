package dev.geocdn.bench.tier;

import dev.geocdn.bench.Zipf;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node restarted in the middle of a Zipf workload: how many requests reach the origin, and
 * what share are hits, in each interval of the first minute after the restart. Run against the
 * local world (benchmarks/tier-restart.sh runs it with and without the Redis tier): the workload
 * warms the node (and its tier), the control API stops and starts the node, the origin's counters
 * are reset, and the same workload goes on, open loop at a fixed rate.
 */
public final class TierRestartBenchmark {

    private static final Pattern TOTAL = Pattern.compile("\"total\"\\s*:\\s*(\\d+)");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String node;
    private final String nodeId;
    private final String control;
    private final String origin;
    private final int objects;
    private final int rate;
    private final Zipf zipf;
    private final SplittableRandom random = new SplittableRandom(42);

    private TierRestartBenchmark(Map<String, String> o) {
        node = o.get("node");
        nodeId = o.get("node-id");
        control = o.get("control");
        origin = o.get("origin");
        objects = Integer.parseInt(o.get("objects"));
        rate = Integer.parseInt(o.get("rate"));
        zipf = new Zipf(objects, Double.parseDouble(o.get("zipf")));
    }

    private int nextObject() {
        return zipf.rank(random.nextDouble());
    }

    /** Counts of one interval. */
    static final class Interval {
        final LongAdder requests = new LongAdder();
        final LongAdder hits = new LongAdder();
        final LongAdder tierHits = new LongAdder();
        final LongAdder failures = new LongAdder();
    }

    /** Sends the workload for {@code seconds}, open loop, counting per {@code intervalSeconds}. */
    private List<Interval> run(int seconds, int intervalSeconds) throws Exception {
        List<Interval> intervals = new ArrayList<>();
        for (int i = 0; i < (seconds + intervalSeconds - 1) / intervalSeconds; i++) {
            intervals.add(new Interval());
        }
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        List<CompletableFuture<?>> inFlight = new ArrayList<>();
        long start = System.nanoTime();
        long total = (long) seconds * rate;
        long periodNanos = 1_000_000_000L / rate;
        CompletableFuture<Void> done = new CompletableFuture<>();
        long[] sent = {0};
        ticker.scheduleAtFixedRate(() -> {
            long due = (System.nanoTime() - start) / periodNanos + 1;
            while (sent[0] < Math.min(due, total)) {
                Interval interval = intervals.get((int) Math.min(intervals.size() - 1,
                        sent[0] / rate / intervalSeconds));
                int object = nextObject();
                HttpRequest request = HttpRequest.newBuilder(URI.create(node + "/objects/zipf-" + object
                        + "?size=4k&cc=max-age%3D3600")).timeout(Duration.ofSeconds(10)).build();
                interval.requests.increment();
                inFlight.add(http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                    if (e != null || r.statusCode() != 200) {
                        interval.failures.increment();
                        return;
                    }
                    String status = r.headers().firstValue("Cache-Status").orElse("");
                    if (status.contains("; hit")) {
                        interval.hits.increment();
                        if (status.contains("tier=")) {
                            interval.tierHits.increment();
                        }
                    }
                }));
                sent[0]++;
            }
            if (sent[0] >= total) {
                done.complete(null);
            }
        }, 0, 1, TimeUnit.MILLISECONDS);
        done.get(seconds + 30L, TimeUnit.SECONDS);
        ticker.shutdownNow();
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).handle((v, e) -> null)
                .get(30, TimeUnit.SECONDS);
        return intervals;
    }

    private String send(String method, String url) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        b = method.equals("POST") ? b.POST(HttpRequest.BodyPublishers.noBody()) : b.GET();
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + url + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private long originTotal() throws Exception {
        Matcher m = TOTAL.matcher(send("GET", origin + "/__origin/stats"));
        if (!m.find()) {
            throw new IllegalStateException("origin-mock's stats have no total");
        }
        return Long.parseLong(m.group(1));
    }

    private void restartNode() throws Exception {
        send("POST", control + "/v1/nodes/" + nodeId + "/stop");
        send("POST", control + "/v1/nodes/" + nodeId + "/start");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(node + "/objects/zipf-ready?size=1"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // the node is still starting
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("node " + nodeId + " did not come back within 2 minutes");
            }
            Thread.sleep(200);
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("node", "http://127.0.0.1:28101");
        defaults.put("node-id", "us-west-1");
        defaults.put("control", "http://127.0.0.1:28083");
        defaults.put("origin", "http://127.0.0.1:29000");
        defaults.put("objects", "10000");
        defaults.put("zipf", "1.0");
        defaults.put("rate", "400");
        defaults.put("warm", "60");
        defaults.put("measure", "60");
        defaults.put("interval", "10");
        defaults.put("label", "");
        Map<String, String> o = dev.geocdn.bench.world.BenchOptions.parse(args, defaults);
        TierRestartBenchmark bench = new TierRestartBenchmark(o);
        int interval = Integer.parseInt(o.get("interval"));
        bench.run(Integer.parseInt(o.get("warm")), interval);
        bench.restartNode();
        bench.send("POST", o.get("origin") + "/__origin/reset");
        List<Interval> after = bench.run(Integer.parseInt(o.get("measure")), interval);
        long originRequests = bench.originTotal();
        long requests = 0;
        long hits = 0;
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < after.size(); i++) {
            Interval in = after.get(i);
            requests += in.requests.sum();
            hits += in.hits.sum();
            rows.append(String.format("| %s | %d-%d s | %d | %.1f%% | %d | %d |%n", o.get("label"), i * interval,
                    (i + 1) * interval, in.requests.sum(), 100.0 * in.hits.sum() / Math.max(1, in.requests.sum()),
                    in.tierHits.sum(), in.failures.sum()));
        }
        System.out.print(rows);
        System.out.printf("| %s | first %d s | %d | %.1f%% | origin requests: %d | |%n", o.get("label"),
                Integer.parseInt(o.get("measure")), requests, 100.0 * hits / Math.max(1, requests), originRequests);
        System.exit(0);
    }
}
