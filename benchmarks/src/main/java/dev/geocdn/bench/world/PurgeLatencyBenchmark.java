package dev.geocdn.bench.world;

import dev.geocdn.protocol.hlc.HlcTime;
import dev.geocdn.protocol.purge.PurgeAck;
import dev.geocdn.protocol.purge.PurgeTopics;
import dev.geocdn.purgebus.JsonSerde;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The purge benchmark (issue 5), against a local world started with {@code --emulate-latency=on}
 * (see {@code benchmarks/purge-latency.sh}):
 * <ol>
 *   <li>purge-to-applied latency per region: eventual purges sent at a steady rate through
 *       {@code POST /v1/purge}; each node's acknowledgement on the acknowledgement topic says when
 *       it applied the purge, and the purge's HLC time says when the service accepted it (same
 *       machine, same clock);</li>
 *   <li>throughput: strong purges from several concurrent clients, counting purges per second
 *       answered 200 (every live node applied them).</li>
 * </ol>
 */
public final class PurgeLatencyBenchmark {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

    private final Map<String, String> options;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PurgeLatencyBenchmark(Map<String, String> options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchOptions.parse(args, Map.of(
                "api", "http://127.0.0.1:28081", "control", "http://127.0.0.1:28083", "kafka", "", "token", "bench-token-0123456789",
                "rate", "20", "purges", "400", "clients", "8", "throughput-seconds", "10", "nodes", "6"));
        new PurgeLatencyBenchmark(new java.util.HashMap<>(options)).run();
    }

    private int number(String name) {
        return Integer.parseInt(options.get(name));
    }

    private void run() throws Exception {
        if (options.get("kafka").isEmpty()) { // the local world's broker is on a free port: ask its control API
            String world = http.send(HttpRequest.newBuilder(URI.create(options.get("control") + "/v1/world")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher kafka = Pattern.compile("\"kafka\"\\s*:\\s*\"([^\"]+)\"").matcher(world);
            if (!kafka.find()) {
                throw new IllegalStateException("no Kafka address in " + world);
            }
            options.put("kafka", kafka.group(1));
        }
        Map<String, List<Long>> latencyByRegion = new ConcurrentHashMap<>();
        Set<String> sent = ConcurrentHashMap.newKeySet();
        Map<String, AtomicInteger> acksPerPurge = new ConcurrentHashMap<>();
        AtomicBoolean reading = new AtomicBoolean(true);
        java.util.concurrent.CountDownLatch positioned = new java.util.concurrent.CountDownLatch(1);
        Thread reader = Thread.ofPlatform().start(() -> readAcks(reading, positioned, acksPerPurge, latencyByRegion));
        if (!positioned.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
            throw new IllegalStateException("the acknowledgement topic could not be read at " + options.get("kafka"));
        }

        int purges = number("purges");
        long period = 1_000_000_000L / number("rate");
        long next = System.nanoTime();
        int refused = 0;
        for (int i = 0; i < purges; i++) {
            HttpResponse<String> response = purge("eventual", "https://bench.example/latency/" + i);
            Matcher id = ID.matcher(response.body());
            if (response.statusCode() == 202 && id.find()) {
                sent.add(id.group(1));
            } else {
                refused++;
            }
            next += period;
            java.util.concurrent.locks.LockSupport.parkNanos(next - System.nanoTime());
        }
        int nodes = number("nodes");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline && sent.stream().anyMatch(id -> acks(acksPerPurge, id) < nodes)) {
            Thread.sleep(100);
        }
        reading.set(false);
        reader.join();

        long complete = sent.stream().filter(id -> acks(acksPerPurge, id) >= nodes).count();
        System.out.printf("%n## Purge to applied, per region (%d eventual purges at %d/s, emulated latency on)%n%n",
                purges, number("rate"));
        System.out.printf("purges accepted: %d, refused: %d, applied by all %d nodes: %d%n%n", sent.size(), refused,
                nodes, complete);
        System.out.println("| region | acknowledgements | p50 | p99 | max |");
        System.out.println("|---|---|---|---|---|");
        latencyByRegion.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            long[] sorted = e.getValue().stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf(Locale.ROOT, "| %s | %d | %d ms | %d ms | %d ms |%n", e.getKey(), sorted.length,
                    percentile(sorted, 50), percentile(sorted, 99), percentile(sorted, 100));
        });

        throughput();
    }

    private void throughput() throws Exception {
        int clients = number("clients");
        Duration window = Duration.ofSeconds(number("throughput-seconds"));
        AtomicInteger applied = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        long end = System.nanoTime() + window.toNanos();
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; System.nanoTime() < end; i++) {
                    try {
                        HttpResponse<String> response = purge("strong", "https://bench.example/strong/" + client + "/" + i);
                        statuses.computeIfAbsent(response.statusCode(), k -> new AtomicInteger()).incrementAndGet();
                        (response.statusCode() == 200 ? applied : other).incrementAndGet();
                    } catch (Exception e) {
                        other.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%n## Strong purges, %d concurrent clients, %.1f s%n%n", clients, seconds);
        System.out.printf(Locale.ROOT, "applied by every live node (200): %d = %.1f purges/s; other answers: %d %s%n",
                applied.get(), applied.get() / seconds, other.get(), statuses);
    }

    private HttpResponse<String> purge(String consistency, String url) throws Exception {
        String body = "{\"urls\":[\"" + url + "\"],\"consistency\":\"" + consistency + "\"}";
        return http.send(HttpRequest.newBuilder(URI.create(options.get("api") + "/v1/purge"))
                        .header("Authorization", "Bearer " + options.get("token"))
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void readAcks(AtomicBoolean reading, java.util.concurrent.CountDownLatch positioned,
                          Map<String, AtomicInteger> acksPerPurge,
                          Map<String, List<Long>> latencyByRegion) {
        try (KafkaConsumer<String, PurgeAck> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", options.get("kafka")),
                new StringDeserializer(), new JsonSerde<>(PurgeAck.class))) {
            List<TopicPartition> partitions = consumer.partitionsFor(PurgeTopics.ACKS).stream()
                    .map(p -> new TopicPartition(PurgeTopics.ACKS, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            positioned.countDown();
            while (reading.get()) {
                for (ConsumerRecord<String, PurgeAck> record : consumer.poll(Duration.ofMillis(50))) {
                    PurgeAck ack = record.value();
                    if (ack == null) {
                        continue;
                    }
                    long ms = ack.appliedAt().toEpochMilli() - HlcTime.physicalMillis(ack.purgeHlc());
                    latencyByRegion.computeIfAbsent(ack.region(), r -> java.util.Collections.synchronizedList(new ArrayList<>()))
                            .add(ms);
                    acksPerPurge.computeIfAbsent(ack.purgeId(), k -> new AtomicInteger()).incrementAndGet();
                }
            }
        }
    }

    private static int acks(Map<String, AtomicInteger> acksPerPurge, String id) {
        AtomicInteger n = acksPerPurge.get(id);
        return n == null ? 0 : n.get();
    }

    private static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
