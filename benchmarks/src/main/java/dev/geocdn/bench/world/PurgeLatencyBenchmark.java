package dev.geocdn.bench.world;

import dev.geocdn.protocol.hlc.HlcTime;
import dev.geocdn.protocol.purge.PurgeAck;
import dev.geocdn.protocol.purge.PurgeTopics;
import dev.geocdn.purgebus.JsonSerde;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
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
 * The purge benchmark, against a local world started with {@code --emulate-latency=on}
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
        Map<String, String> options = BenchOptions.parse(args, Map.ofEntries(
                Map.entry("api", "http://127.0.0.1:28081"), Map.entry("control", "http://127.0.0.1:28083"),
                Map.entry("kafka", ""), Map.entry("token", "bench-token-0123456789"), Map.entry("rate", "20"),
                Map.entry("warmup", "200"), Map.entry("purges", "400"), Map.entry("clients", "8"),
                Map.entry("throughput-seconds", "10"), Map.entry("nodes", "6"), Map.entry("raw", "")));
        new PurgeLatencyBenchmark(new java.util.HashMap<>(options)).run();
    }

    private int number(String name) {
        return Integer.parseInt(options.get(name));
    }

    /** One node's acknowledgement: when the service accepted the purge, wrote it to the log, and the node applied it. */
    private record Ack(String purgeId, String region, String nodeId, long acceptedAt, long loggedAt, long appliedAt) {
    }

    private final List<Ack> received = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Long> logged = new ConcurrentHashMap<>();

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
        AtomicBoolean reading = new AtomicBoolean(true);
        java.util.concurrent.CountDownLatch positioned = new java.util.concurrent.CountDownLatch(1);
        Thread reader = Thread.ofPlatform().start(() -> readAcks(reading, positioned));
        if (!positioned.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
            throw new IllegalStateException("the acknowledgement topic could not be read at " + options.get("kafka"));
        }

        // warm-up: the first purges after start meet cold code paths in every part (JIT, lazy
        // Kafka metadata); they are sent at the same rate and not measured
        int[] refused = {0};
        sendAtRate(number("warmup"), "warmup", new java.util.HashSet<>(), refused);
        Set<String> sent = ConcurrentHashMap.newKeySet();
        refused[0] = 0;
        int purges = number("purges");
        sendAtRate(purges, "latency", sent, refused);
        int nodes = number("nodes");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline && sent.stream().anyMatch(id -> acks(id) < nodes)) {
            Thread.sleep(100);
        }
        reading.set(false);
        reader.join();
        List<Ack> measured;
        synchronized (received) {
            measured = received.stream().filter(a -> sent.contains(a.purgeId())).toList();
        }
        if (!options.get("raw").isEmpty()) { // every acknowledgement, for a closer look at the tail
            try (java.io.PrintStream raw = new java.io.PrintStream(options.get("raw"), java.nio.charset.StandardCharsets.UTF_8)) {
                raw.println("accepted_at_ms node purge logged_after_ms applied_after_ms");
                measured.forEach(a -> raw.printf(Locale.ROOT, "%d %s %s %d %d%n", a.acceptedAt(), a.nodeId(), a.purgeId(),
                        a.loggedAt() - a.acceptedAt(), a.appliedAt() - a.acceptedAt()));
            }
        }

        long complete = sent.stream().filter(id -> acks(id) >= nodes).count();
        System.out.printf("%n## Purge to applied, per region (%d eventual purges at %d/s after %d unmeasured, emulated latency on)%n%n",
                purges, number("rate"), number("warmup"));
        System.out.printf("purges accepted: %d, refused: %d, applied by all %d nodes: %d%n%n", sent.size(), refused[0],
                nodes, complete);
        System.out.println("| region | acknowledgements | p50 | p99 | max |");
        System.out.println("|---|---|---|---|---|");
        table(measured, Ack::region, a -> a.appliedAt() - a.acceptedAt());
        System.out.println();
        System.out.println("Stages: accepted (the purge's HLC time) → written to the log (the record's time) → applied by the node.");
        System.out.println();
        System.out.println("| stage | samples | p50 | p99 | max |");
        System.out.println("|---|---|---|---|---|");
        List<Ack> withLog = measured.stream().filter(a -> a.loggedAt() > 0).toList();
        table(withLog.stream().filter(a -> a.region().equals(withLog.getFirst().region())).toList(),
                a -> "accepted → logged", a -> a.loggedAt() - a.acceptedAt());
        table(withLog, a -> a.region() + ": logged → applied", a -> a.appliedAt() - a.loggedAt());

        throughput();
    }

    private void sendAtRate(int count, String path, Set<String> ids, int[] refused) throws Exception {
        long period = 1_000_000_000L / number("rate");
        long next = System.nanoTime();
        for (int i = 0; i < count; i++) {
            HttpResponse<String> response = purge("eventual", "https://bench.example/" + path + "/" + i);
            Matcher id = ID.matcher(response.body());
            if (response.statusCode() == 202 && id.find()) {
                ids.add(id.group(1));
            } else {
                refused[0]++;
            }
            next += period;
            java.util.concurrent.locks.LockSupport.parkNanos(next - System.nanoTime());
        }
    }

    private static void table(List<Ack> acks, java.util.function.Function<Ack, String> group,
                              java.util.function.ToLongFunction<Ack> millis) {
        acks.stream().collect(java.util.stream.Collectors.groupingBy(group, java.util.TreeMap::new,
                java.util.stream.Collectors.toList())).forEach((name, list) -> {
            long[] sorted = list.stream().mapToLong(millis).sorted().toArray();
            System.out.printf(Locale.ROOT, "| %s | %d | %d ms | %d ms | %d ms |%n", name, sorted.length,
                    percentile(sorted, 50), percentile(sorted, 99), percentile(sorted, 100));
        });
    }

    private void throughput() throws Exception {
        int clients = number("clients");
        Duration window = Duration.ofSeconds(number("throughput-seconds"));
        AtomicInteger applied = new AtomicInteger();
        List<Long> answered = java.util.Collections.synchronizedList(new ArrayList<>());
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
                        long sentAt = System.nanoTime();
                        HttpResponse<String> response = purge("strong", "https://bench.example/strong/" + client + "/" + i);
                        if (response.statusCode() == 200) {
                            answered.add((System.nanoTime() - sentAt) / 1_000_000);
                        }
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
        long[] sorted = answered.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "time to the 200 answer: p50 %d ms, p99 %d ms, max %d ms%n",
                percentile(sorted, 50), percentile(sorted, 99), percentile(sorted, 100));
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

    private void readAcks(AtomicBoolean reading, java.util.concurrent.CountDownLatch positioned) {
        JsonSerde<PurgeAck> acks = new JsonSerde<>(PurgeAck.class);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", options.get("kafka")),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(PurgeTopics.ACKS, PurgeTopics.PURGES)) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            positioned.countDown();
            while (reading.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                    if (record.topic().equals(PurgeTopics.PURGES)) {
                        logged.put(record.key(), record.timestamp()); // the producer's time of writing
                        continue;
                    }
                    PurgeAck ack = acks.deserialize(record.topic(), record.value());
                    if (ack != null) {
                        received.add(new Ack(ack.purgeId(), ack.region(), ack.nodeId(), HlcTime.physicalMillis(ack.purgeHlc()),
                                logged.getOrDefault(ack.purgeId(), 0L), ack.appliedAt().toEpochMilli()));
                        acksPerPurge.computeIfAbsent(ack.purgeId(), k -> new AtomicInteger()).incrementAndGet();
                    }
                }
            }
        }
    }

    private final Map<String, AtomicInteger> acksPerPurge = new ConcurrentHashMap<>();

    private int acks(String id) {
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
