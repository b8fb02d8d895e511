package dev.geocdn.node.purge;

import dev.geocdn.node.NodeFixture;
import dev.geocdn.protocol.purge.PurgeAck;
import dev.geocdn.protocol.purge.PurgeCommand;
import dev.geocdn.protocol.purge.PurgeTopics;
import dev.geocdn.purgebus.JsonSerde;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static dev.geocdn.node.NodeFixture.cacheStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node on a real Kafka purge log (the embedded KRaft broker): purges are applied and
 * acknowledged; a node that was down replays what it missed before its port opens; a new node
 * starts at the end of the log.
 */
class PurgeLogTest {

    static EmbeddedKafkaKraftBroker kafka;
    static KafkaProducer<String, PurgeCommand> purges;

    @BeforeAll
    static void startKafka() {
        kafka = new EmbeddedKafkaKraftBroker(1, 1, PurgeTopics.PURGES, PurgeTopics.ACKS);
        kafka.afterPropertiesSet();
        purges = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.getBrokersAsString()),
                new StringSerializer(), new JsonSerde<>(PurgeCommand.class));
    }

    @AfterAll
    static void stopKafka() {
        purges.close();
        kafka.destroy();
    }

    private static NodeFixture node(String id) {
        return NodeFixture.start("cdn.node-id=" + id, "cdn.region=test-region",
                "cdn.purge.bootstrap-servers=" + kafka.getBrokersAsString());
    }

    private static PurgeCommand purge(List<String> urls) {
        return new PurgeCommand("p-" + UUID.randomUUID(), System.currentTimeMillis() << 16, urls, List.of(), List.of(),
                false, "test", Instant.now());
    }

    private static void publish(PurgeCommand purge) throws Exception {
        purges.send(new ProducerRecord<>(PurgeTopics.PURGES, purge.id(), purge)).get();
    }

    /** Every acknowledgement on the topic, read from its start until {@code until} holds; fails after 15 s. */
    private static List<PurgeAck> acks(Predicate<List<PurgeAck>> until) {
        return ackRecords(until).stream().map(ConsumerRecord::value).toList();
    }

    /** {@link #acks}, as the records Kafka holds (with the time each was written). */
    private static List<ConsumerRecord<String, PurgeAck>> ackRecords(Predicate<List<PurgeAck>> until) {
        List<ConsumerRecord<String, PurgeAck>> all = new ArrayList<>();
        List<PurgeAck> values = new ArrayList<>();
        try (KafkaConsumer<String, PurgeAck> consumer = new KafkaConsumer<>(
                Map.of("bootstrap.servers", kafka.getBrokersAsString()), new StringDeserializer(),
                new JsonSerde<>(PurgeAck.class))) {
            TopicPartition partition = new TopicPartition(PurgeTopics.ACKS, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            // the consumer is read from this thread only
            await().atMost(Duration.ofSeconds(15)).pollInSameThread().alias("the acknowledgements awaited").until(() -> {
                for (ConsumerRecord<String, PurgeAck> record : consumer.poll(Duration.ofMillis(100))) {
                    all.add(record);
                    values.add(record.value());
                }
                return until.test(values);
            });
        }
        return all;
    }

    private static boolean ackedBy(List<PurgeAck> acks, String purgeId, String nodeId) {
        return acks.stream().anyMatch(a -> a.purgeId().equals(purgeId) && a.nodeId().equals(nodeId));
    }

    @Test
    void aUrlPurge_removesTheCachedObject_andIsAcknowledgedAfterThePurgesTime() throws Exception {
        try (NodeFixture node = node("purge-a")) {
            String path = "/objects/purge-me?size=100&cc=max-age%3D600";
            node.get(path);
            assertThat(cacheStatus(node.get(path))).contains("hit");

            PurgeCommand purge = purge(List.of("http://127.0.0.1:" + node.port() + path));
            publish(purge);
            List<PurgeAck> acks = acks(all -> ackedBy(all, purge.id(), "purge-a"));

            PurgeAck ack = acks.stream().filter(a -> a.purgeId().equals(purge.id())).findFirst().orElseThrow();
            assertThat(ack.region()).isEqualTo("test-region");
            assertThat(ack.removed()).isEqualTo(1);
            assertThat(ack.appliedHlc()).isGreaterThan(purge.hlc());
            assertThat(cacheStatus(node.get(path))).as("gone after the purge").doesNotContain("hit");
        }
    }

    @Test
    void anEmulatedDelay_holdsBothTheDeliveryAndTheAcknowledgement_withoutDelayingThePurgesBehind() throws Exception {
        long delay = 400;
        try (NodeFixture node = NodeFixture.start("cdn.node-id=purge-far", "cdn.region=far-region",
                "cdn.purge.bootstrap-servers=" + kafka.getBrokersAsString(), "cdn.purge.emulated-delay=" + delay + "ms")) {
            PurgeCommand first = purge(List.of("http://example.com/far-1"));
            PurgeCommand second = purge(List.of("http://example.com/far-2"));
            long firstWritten = purges.send(new ProducerRecord<>(PurgeTopics.PURGES, first.id(), first)).get().timestamp();
            Thread.sleep(150); // the two purges are written apart, so the second's trip can be told from the first's
            long secondWritten = purges.send(new ProducerRecord<>(PurgeTopics.PURGES, second.id(), second)).get().timestamp();

            List<ConsumerRecord<String, PurgeAck>> records = ackRecords(all -> ackedBy(all, first.id(), "purge-far")
                    && ackedBy(all, second.id(), "purge-far"));

            ConsumerRecord<String, PurgeAck> firstAck = ackRecord(records, first.id(), "purge-far");
            ConsumerRecord<String, PurgeAck> secondAck = ackRecord(records, second.id(), "purge-far");
            long firstApplied = firstAck.value().appliedAt().toEpochMilli();
            long secondApplied = secondAck.value().appliedAt().toEpochMilli();
            assertThat(firstApplied - firstWritten).as("travelled to the node").isGreaterThanOrEqualTo(delay);
            assertThat(firstAck.timestamp() - firstApplied).as("travelled back").isGreaterThanOrEqualTo(delay);
            assertThat(secondApplied - secondWritten).isGreaterThanOrEqualTo(delay);
            assertThat(secondApplied - secondWritten).as("not held behind the first's trip back").isLessThan(2 * delay);
            assertThat(secondAck.timestamp() - secondApplied).isGreaterThanOrEqualTo(delay);
        }
    }

    private static ConsumerRecord<String, PurgeAck> ackRecord(List<ConsumerRecord<String, PurgeAck>> records,
                                                             String purgeId, String nodeId) {
        return records.stream().filter(r -> r.value().purgeId().equals(purgeId) && r.value().nodeId().equals(nodeId))
                .findFirst().orElseThrow(() -> new AssertionError("no acknowledgement of " + purgeId + " by " + nodeId));
    }

    @Test
    void aNodeThatWasDown_replaysWhatItMissed_beforeItsPortOpens() throws Exception {
        NodeFixture first = node("purge-b");
        PurgeCommand seen = purge(List.of("http://example.com/seen"));
        publish(seen);
        acks(all -> ackedBy(all, seen.id(), "purge-b")); // its group has a committed offset now
        first.close();

        List<PurgeCommand> missed = List.of(purge(List.of("http://example.com/1")),
                purge(List.of("http://example.com/2")), purge(List.of("http://example.com/3")));
        for (PurgeCommand p : missed) {
            publish(p);
        }
        try (NodeFixture again = node("purge-b")) {
            Instant opened = Instant.now(); // start() returned: the data plane is open
            List<PurgeAck> acks = acks(all -> missed.stream().allMatch(p -> ackedBy(all, p.id(), "purge-b")));
            for (PurgeCommand p : missed) {
                PurgeAck ack = acks.stream().filter(a -> a.purgeId().equals(p.id()) && a.nodeId().equals("purge-b"))
                        .findFirst().orElseThrow(() -> new AssertionError("missed purge " + p.id() + " not replayed"));
                assertThat(ack.appliedAt()).as("applied before the port opened").isBefore(opened);
            }
            assertThat(acks.stream().filter(a -> a.purgeId().equals(seen.id()) && a.nodeId().equals("purge-b")))
                    .as("what it had applied is not applied again").hasSize(1);
            assertThat(again.get("/objects/after-replay?size=10").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aNodeStoppedBeforeItsFirstPurge_stillReplaysWhatItMissed() throws Exception {
        node("purge-c").close(); // started and stopped without ever reading a purge
        PurgeCommand missed = purge(List.of("http://example.com/missed-by-c"));
        publish(missed);

        try (NodeFixture again = node("purge-c")) {
            Instant opened = Instant.now();
            List<PurgeAck> acks = acks(all -> ackedBy(all, missed.id(), "purge-c"));

            PurgeAck ack = acks.stream().filter(a -> a.purgeId().equals(missed.id()) && a.nodeId().equals("purge-c"))
                    .findFirst().orElseThrow(() -> new AssertionError("the missed purge was skipped"));
            assertThat(ack.appliedAt()).isBefore(opened);
        }
    }

    @Test
    void aNewNode_startsAtTheEndOfTheLog() throws Exception {
        PurgeCommand old = purge(List.of("http://example.com/old"));
        publish(old);
        try (NodeFixture fresh = node("purge-new-" + UUID.randomUUID())) {
            PurgeCommand later = purge(List.of("http://example.com/later"));
            publish(later);
            String id = fresh.context.getEnvironment().getProperty("cdn.node-id");

            List<PurgeAck> acks = acks(all -> ackedBy(all, later.id(), id));

            assertThat(ackedBy(acks, later.id(), id)).isTrue();
            assertThat(ackedBy(acks, old.id(), id)).as("a purge from before it existed").isFalse();
        }
    }

    private static PurgeCommand purge(List<String> urls, List<String> prefixes, List<String> keys, boolean soft) {
        return new PurgeCommand("p-" + UUID.randomUUID(), System.currentTimeMillis() << 16, urls, prefixes, keys,
                soft, "test", Instant.now());
    }

    private static void publishAndAwait(PurgeCommand purge, String nodeId) throws Exception {
        publish(purge);
        assertThat(ackedBy(acks(all -> ackedBy(all, purge.id(), nodeId)), purge.id(), nodeId))
                .as("acknowledged by " + nodeId).isTrue();
    }

    @Test
    void prefixSurrogateKeyAndSoftPurges_reachWhatTheyName_andNothingElse() throws Exception {
        try (NodeFixture node = node("purge-kinds")) {
            String base = "http://127.0.0.1:" + node.port();
            String a = "/objects/kinds/img/a?size=10&cc=max-age%3D600";
            String b = "/objects/kinds/img/b?size=10&cc=max-age%3D600";
            String other = "/objects/kinds/css/c?size=10&cc=max-age%3D600";
            String tagged = "/objects/kinds/tagged?size=10&cc=max-age%3D600&sk=product-7%20catalog";
            String soft = "/objects/kinds/soft?size=10&cc=max-age%3D600&etag=%22v1%22";
            for (String path : List.of(a, b, other, tagged, soft)) {
                node.get(path);
                assertThat(cacheStatus(node.get(path))).as(path).contains("hit");
            }

            publishAndAwait(purge(List.of(), List.of(base + "/objects/kinds/img/"), List.of(), false), "purge-kinds");
            publishAndAwait(purge(List.of(), List.of(), List.of("product-7"), false), "purge-kinds");
            publishAndAwait(purge(List.of(base + soft), List.of(), List.of(), true), "purge-kinds");

            assertThat(cacheStatus(node.get(a))).doesNotContain("hit");
            assertThat(cacheStatus(node.get(b))).doesNotContain("hit");
            assertThat(cacheStatus(node.get(tagged))).doesNotContain("hit");
            assertThat(cacheStatus(node.get(other))).as("outside the prefix").contains("hit");
            assertThat(cacheStatus(node.get(soft))).as("soft: kept, but stale, so revalidated")
                    .contains("fwd=stale").contains("fwd-status=304");
        }
    }

    /**
     * The race the tombstones exist for: a fill that reached the origin before a purge and
     * finishes after it must not leave its (old) body cached. Random timings, bounded rounds.
     */
    @Test
    void aPurgeRacingASlowFill_neverLeavesTheOldBodyCached() throws Exception {
        java.util.Random random = new java.util.Random(42);
        try (NodeFixture node = node("purge-race")) {
            String base = "http://127.0.0.1:" + node.port();
            for (int round = 0; round < 12; round++) {
                int delay = 150 + random.nextInt(350);
                String name = "/objects/race-" + round;
                String path = name + "?size=2k&cc=max-age%3D600&delay=" + delay;
                long before = node.origin.requestCount(name);
                java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<byte[]>> fill = node.client.sendAsync(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + path)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofByteArray());
                await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2))
                        .alias("the fill reached the origin").until(() -> node.origin.requestCount(name) > before);
                Thread.sleep(random.nextInt(delay)); // the purge lands anywhere in the fill, or just after it
                publishAndAwait(purge(List.of(base + path)), "purge-race");
                assertThat(fill.get().statusCode()).isEqualTo(200);

                assertThat(cacheStatus(node.get(path))).as("round %d (delay %d ms)", round, delay)
                        .doesNotContain("hit");
            }
        }
    }
}
