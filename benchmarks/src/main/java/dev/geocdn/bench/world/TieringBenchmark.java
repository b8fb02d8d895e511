package dev.geocdn.bench.world;

import dev.geocdn.bench.Zipf;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A multi-region Zipf workload through the local world's global gateway, for tiered fill: each
 * region's clients draw objects from a Zipf distribution of their own (the same ranks, shifted by
 * {@code shift} of the catalogue per region, so popularity overlaps without being equal), open
 * loop at {@code rate} requests a second per region. After a warm-up, it reports per region the
 * hit ratio and byte hit ratio of the region's own nodes, the origin fetches and bytes its clients
 * caused, and the p50/p99 latency of its misses; for the world, the origin offload and the origin
 * fetches per object over the whole run; and per inter-region link the bytes received (from the
 * control API's {@code GET /v1/world}) and how many times each object crossed it.
 *
 * <p>Objects are 4, 8, 16 or 32 KiB (15 KiB on average, by a hash of their number), cacheable for
 * an hour, so each object has one version during a run. benchmarks/world-tiering.sh runs it
 * against worlds without and with a shield.
 */
public final class TieringBenchmark {

    private static final Pattern LINK = Pattern.compile(
            "\\{\"from\":\"([^\"]+)\",\"to\":\"([^\"]+)\",\"reason\":\"([^\"]+)\",\"bytes\":(\\d+)}");
    private static final Pattern BY_PATH = Pattern.compile("\"(/objects/tier-bench-\\d+)\"\\s*:\\s*(\\d+)");
    private static final int[] SIZES_KIB = {4, 8, 16, 32};

    private final Map<String, String> options;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int objects;
    private final Zipf zipf;

    private TieringBenchmark(Map<String, String> options) {
        this.options = options;
        this.objects = Integer.parseInt(options.get("objects"));
        this.zipf = new Zipf(objects, Double.parseDouble(options.get("zipf")));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("gateway", "http://127.0.0.1:28080");
        defaults.put("control", "http://127.0.0.1:28083");
        defaults.put("origin", "http://127.0.0.1:29000");
        defaults.put("objects", "4000");
        defaults.put("zipf", "1.0");
        defaults.put("shift", "0.1");
        defaults.put("rate", "100");
        defaults.put("warm", "60");
        defaults.put("measure", "60");
        defaults.put("label", "");
        new TieringBenchmark(BenchOptions.parse(args, defaults)).run();
        System.exit(0);
    }

    static int sizeKib(int object) {
        int h = object * 0x9E3779B1;
        return SIZES_KIB[(h ^ (h >>> 16)) & 3];
    }

    static String path(int object) {
        return "/objects/tier-bench-" + object + "?size=" + sizeKib(object) + "k&cc=max-age%3D3600";
    }

    private static int objectOf(String path) {
        int start = "/objects/tier-bench-".length();
        return Integer.parseInt(path.substring(start, path.indexOf('?')));
    }

    /** A region's object stream: Zipf ranks, the object of rank k being k + shift * region (mod n). */
    private Supplier<String> stream(int regionIndex, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int offset = (int) Math.round(Double.parseDouble(options.get("shift")) * objects) * regionIndex;
        return () -> path((zipf.rank(random.nextDouble()) + offset) % objects);
    }

    private void run() throws Exception {
        List<RegionClients> regions = List.of(
                new RegionClients("us-west", "127.0.1.60", options.get("gateway"), rate(), objects),
                new RegionClients("us-east", "127.0.2.60", options.get("gateway"), rate(), objects),
                new RegionClients("eu-west", "127.0.3.60", options.get("gateway"), rate(), objects));
        List<RegionClients.Sample> warm = load(regions, Integer.parseInt(options.get("warm")), 1);
        long originBefore = originTotal();
        List<RegionClients.Sample> samples = load(regions, Integer.parseInt(options.get("measure")), 2);
        long originRequests = originTotal() - originBefore;
        Map<String, Long> links = links();
        regions.forEach(RegionClients::close);
        List<RegionClients.Sample> all = new ArrayList<>(warm);
        all.addAll(samples);
        report(samples, all, originRequests, links, originPerObject());
    }

    private int rate() {
        return Integer.parseInt(options.get("rate"));
    }

    /** Runs the workload for {@code seconds}; each phase draws its own sequence. */
    private List<RegionClients.Sample> load(List<RegionClients> regions, int seconds, int phase) throws Exception {
        ConcurrentLinkedQueue<RegionClients.Sample> out = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        long origin = System.nanoTime();
        List<CountDownLatch> done = new ArrayList<>();
        for (int i = 0; i < regions.size(); i++) {
            done.add(regions.get(i).start(running, origin, out, stream(i, 42L + i + phase * 1_000L)));
        }
        Thread.sleep(seconds * 1000L);
        running.set(false);
        for (CountDownLatch latch : done) {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("requests still unanswered a minute after the load stopped");
            }
        }
        return new ArrayList<>(out);
    }

    private String get(String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + r.statusCode());
        }
        return r.body();
    }

    /** Origin requests for the workload's objects so far (not the health service's probes). */
    private long originTotal() throws Exception {
        return originPerObject().values().stream().mapToLong(Long::longValue).sum();
    }

    private Map<Integer, Long> originPerObject() throws Exception {
        Map<Integer, Long> counts = new HashMap<>();
        Matcher m = BY_PATH.matcher(get(options.get("origin") + "/__origin/stats"));
        while (m.find()) {
            counts.put(Integer.parseInt(m.group(1).substring("/objects/tier-bench-".length())), Long.parseLong(m.group(2)));
        }
        return counts;
    }

    /** Bytes received per link and reason, "from>to reason". */
    private Map<String, Long> links() throws Exception {
        Map<String, Long> links = new LinkedHashMap<>();
        Matcher m = LINK.matcher(get(options.get("control") + "/v1/world").replace(" ", ""));
        while (m.find()) {
            links.put(m.group(1) + ">" + m.group(2) + " " + m.group(3), Long.parseLong(m.group(4)));
        }
        return links;
    }

    /** The Cache-Status entries, nearest the origin first. */
    private static List<String> entries(String cacheStatus) {
        List<String> entries = new ArrayList<>();
        for (String entry : cacheStatus.split(",")) {
            if (!entry.isBlank()) {
                entries.add(entry.strip());
            }
        }
        return entries;
    }

    private static String entryOf(List<String> entries, String node) {
        return entries.stream().filter(e -> e.startsWith(node + ";")).findFirst().orElse("");
    }

    private static String regionOfNode(String node) {
        return node.substring(0, node.lastIndexOf('-'));
    }

    /**
     * Per region, from the measured phase; per link, over the whole run (bytes from the world,
     * crossings from every response's Cache-Status).
     */
    private void report(List<RegionClients.Sample> samples, List<RegionClients.Sample> all, long originRequests,
                        Map<String, Long> links, Map<Integer, Long> perObject) {
        String label = options.get("label");
        long failed = samples.stream().filter(RegionClients.Sample::failed).count();
        Map<String, Set<Integer>> crossedObjects = new LinkedHashMap<>();
        Map<String, Long> crossings = new LinkedHashMap<>();
        for (String region : List.of("us-west", "us-east", "eu-west")) {
            List<RegionClients.Sample> mine = samples.stream()
                    .filter(s -> s.clientRegion().equals(region) && !s.failed()).toList();
            long hits = 0;
            long bytes = 0;
            long hitBytes = 0;
            long originFetches = 0;
            long originBytes = 0;
            List<Long> missLatencies = new ArrayList<>();
            for (RegionClients.Sample s : mine) {
                int object = objectOf(s.path());
                long size = sizeKib(object) * 1024L;
                List<String> entries = entries(s.cacheStatus());
                String node = s.servedBy().substring(s.servedBy().indexOf('/') + 1);
                boolean hit = entryOf(entries, node).contains("; hit");
                bytes += size;
                if (hit) {
                    hits++;
                    hitBytes += size;
                    continue;
                }
                missLatencies.add(s.latencyNanos());
                String first = entries.isEmpty() ? "" : entries.get(0);
                String firstNode = first.contains(";") ? first.substring(0, first.indexOf(';')) : first;
                if (first.contains("fwd-status=") && !first.contains("collapsed")) {
                    originFetches++;
                    originBytes += size;
                }
            }
            missLatencies.sort(null);
            System.out.printf("| %s | %s | %d | %.1f%% | %.1f%% | %d | %.1f | %s | %s |%n", label, region, mine.size(),
                    100.0 * hits / Math.max(1, mine.size()), 100.0 * hitBytes / Math.max(1, bytes), originFetches,
                    originBytes / 1048576.0, ms(missLatencies, 0.50), ms(missLatencies, 0.99));
        }
        for (RegionClients.Sample s : all) {
            if (s.failed()) {
                continue;
            }
            List<String> entries = entries(s.cacheStatus());
            String node = s.servedBy().substring(s.servedBy().indexOf('/') + 1);
            String first = entries.isEmpty() ? "" : entries.get(0);
            String firstNode = first.contains(";") ? first.substring(0, first.indexOf(';')) : first;
            if (!entryOf(entries, node).contains("; hit") && !firstNode.isEmpty() && !firstNode.equals(node)
                    && !regionOfNode(firstNode).equals(s.clientRegion())) {
                String link = regionOfNode(firstNode) + ">" + s.clientRegion();
                crossedObjects.computeIfAbsent(link, k -> new HashSet<>()).add(objectOf(s.path()));
                crossings.merge(link, 1L, Long::sum);
            }
        }
        long requests = samples.size();
        long fetchedObjects = perObject.size();
        long fetchedTwice = perObject.values().stream().filter(c -> c > 1).count();
        long maxPerObject = perObject.values().stream().mapToLong(Long::longValue).max().orElse(0);
        double meanPerObject = perObject.values().stream().mapToLong(Long::longValue).average().orElse(0);
        System.out.printf("%n%s world: %d requests (%d failed), origin requests %d, origin offload %.1f%%; over the "
                        + "whole run %d objects fetched from the origin, %.2f fetches per object on average, at most %d, "
                        + "%d objects fetched more than once%n", label, requests, failed, originRequests,
                100.0 * (1 - (double) originRequests / Math.max(1, requests)), fetchedObjects, meanPerObject,
                maxPerObject, fetchedTwice);
        for (String link : new java.util.TreeSet<>(links.keySet())) {
            long bytes = links.get(link);
            String pair = link.substring(0, link.indexOf(' '));
            if (!link.endsWith(" fill")) {
                System.out.printf("%s link %s, whole run: %.2f MiB received%n", label, link, bytes / 1048576.0);
                continue;
            }
            Set<Integer> distinct = crossedObjects.getOrDefault(pair, Set.of());
            long distinctBytes = distinct.stream().mapToLong(o -> sizeKib(o) * 1024L).sum();
            System.out.printf("%s link %s, whole run: %.2f MiB received; %d fills of %d distinct objects crossed it "
                            + "(%.2f per object), %.2f x the bytes of one copy of each%n", label, link,
                    bytes / 1048576.0, crossings.getOrDefault(pair, 0L), distinct.size(),
                    (double) crossings.getOrDefault(pair, 0L) / Math.max(1, distinct.size()),
                    distinctBytes == 0 ? Double.NaN : (double) bytes / distinctBytes);
        }
    }

    private static String ms(List<Long> sorted, double quantile) {
        if (sorted.isEmpty()) {
            return "-";
        }
        return String.format("%.1f", sorted.get((int) Math.min(sorted.size() - 1, quantile * sorted.size())) / 1e6);
    }
}
