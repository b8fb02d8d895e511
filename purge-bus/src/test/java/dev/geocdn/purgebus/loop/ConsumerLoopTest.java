package dev.geocdn.purgebus.loop;

import ch.qos.logback.classic.Level;
import dev.geocdn.protocol.purge.PurgeCommand;
import dev.geocdn.purgebus.JsonSerde;
import dev.geocdn.purgebus.loop.ConsumerLoop.Stage;
import dev.geocdn.purgebus.loop.LoopFixture.Holding;
import dev.geocdn.purgebus.loop.LoopFixture.Recording;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The purge log's consumer loop on a real Kafka broker (the embedded KRaft broker): order,
 * commits behind the handler, replay after a restart, a new group at the end, readiness, an
 * orderly stop, and the failures that must never stop it.
 */
class ConsumerLoopTest {

    static final Duration WAIT = Duration.ofSeconds(15);
    static LoopFixture kafka;

    @BeforeAll
    static void startKafka() {
        kafka = new LoopFixture();
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    private static String group() {
        return "loop-test-group-" + UUID.randomUUID();
    }

    /** A loop reading {@code topic} in {@code group}, once it is positioned (a new group: at the end). */
    private static ConsumerLoop<PurgeCommand> positionedInGroup(String group, String topic,
                                                                RecordHandler<PurgeCommand> handler) {
        ConsumerLoop<PurgeCommand> loop = kafka.loop(Positioning.inGroup(group, topic), handler, Map.of());
        assertThat(loop.awaitPositioned(WAIT)).isIn(Stage.POSITIONED, Stage.CAUGHT_UP);
        return loop;
    }

    @Test
    void records_areHandedInLogOrder_withinEachPartition() throws Exception {
        String topic = kafka.topic(3);
        Recording handler = new Recording();
        Map<Integer, List<String>> written = new HashMap<>();
        for (int i = 0; i < 30; i++) {
            RecordMetadata at = kafka.write(topic, "p-" + i);
            written.computeIfAbsent(at.partition(), p -> new ArrayList<>()).add("p-" + i);
        }
        try (ConsumerLoop<PurgeCommand> loop = kafka.loop(
                Positioning.everyPartition(Positioning.Start.BEGINNING, Duration.ofMinutes(1), topic), handler, Map.of())) {

            await().atMost(WAIT).untilAsserted(() -> assertThat(handler.ids()).as("handed").hasSize(30));

            Map<Integer, List<String>> handed = new HashMap<>();
            for (ConsumerRecord<String, PurgeCommand> record : handler.records) {
                handed.computeIfAbsent(record.partition(), p -> new ArrayList<>()).add(record.value().id());
            }
            assertThat(handed).isEqualTo(written);
        }
    }

    @Test
    void offsets_areCommittedOnlyOnceTheHandlerHasDoneEveryRecordBeforeThem() throws Exception {
        String topic = kafka.topic(1);
        String group = group();
        Holding handler = new Holding();
        try (ConsumerLoop<PurgeCommand> loop = positionedInGroup(group, topic, handler)) {
            kafka.writeAll(topic, "a", "b", "c");
            await().atMost(WAIT).untilAsserted(() -> assertThat(handler.ids()).as("handed").hasSize(3));

            awaitRounds(handler, 3);
            assertThat(kafka.committed(group, topic)).as("nothing done yet").isZero();

            handler.release(1);
            awaitRounds(handler, 3);
            assertThat(kafka.committed(group, topic)).as("b is done, but a before it is not").isZero();

            handler.release(0);
            await().atMost(WAIT).untilAsserted(() -> assertThat(kafka.committed(group, topic)).as("a and b done").isEqualTo(2));

            handler.release(2);
            await().atMost(WAIT).untilAsserted(() -> assertThat(kafka.committed(group, topic)).as("all done").isEqualTo(3));
        }
    }

    /** Waits until the loop has gone round {@code rounds} more times: any commit it would make was made. */
    private static void awaitRounds(Holding handler, int rounds) {
        int target = handler.rounds.get() + rounds;
        await().atMost(WAIT).untilAsserted(() -> assertThat(handler.rounds.get()).as("loop rounds").isGreaterThanOrEqualTo(target));
    }

    @Test
    void aRestartedReader_resumesFromItsCommittedOffset_andReplaysWhatWasNotDone() throws Exception {
        String topic = kafka.topic(1);
        String group = group();
        Holding first = new Holding();
        try (ConsumerLoop<PurgeCommand> loop = positionedInGroup(group, topic, first)) {
            kafka.writeAll(topic, "done-1", "held-2");
            await().atMost(WAIT).untilAsserted(() -> assertThat(first.ids()).as("handed").hasSize(2));
            first.release(0);
            await().atMost(WAIT).untilAsserted(() -> assertThat(kafka.committed(group, topic)).as("done-1 committed").isEqualTo(1));
        }
        kafka.write(topic, "missed-3");

        Recording again = new Recording();
        try (ConsumerLoop<PurgeCommand> loop = kafka.loop(Positioning.inGroup(group, topic), again, Map.of())) {
            assertThat(loop.awaitCaughtUp(WAIT)).isEqualTo(Stage.CAUGHT_UP);

            assertThat(again.ids()).as("caught up: what was held and what was missed, nothing done before")
                    .containsExactly("held-2", "missed-3");
        }
    }

    @Test
    void caughtUp_waitsUntilEveryRecordBelowTheEndIsDone() throws Exception {
        String topic = kafka.topic(1);
        kafka.writeAll(topic, "old-1", "old-2");
        Holding handler = new Holding();
        try (ConsumerLoop<PurgeCommand> loop = kafka.loop(
                Positioning.everyPartition(Positioning.Start.BEGINNING, Duration.ofMinutes(1), topic), handler, Map.of())) {
            await().atMost(WAIT).untilAsserted(() -> assertThat(handler.ids()).as("handed").hasSize(2));
            awaitRounds(handler, 2);
            assertThat(loop.stage()).as("handed, not done").isEqualTo(Stage.POSITIONED);

            handler.release(0, 1);

            assertThat(loop.awaitCaughtUp(WAIT)).isEqualTo(Stage.CAUGHT_UP);
        }
    }

    @Test
    void aNewGroup_startsAtTheEnd_andCommitsThatStartAtOnce() throws Exception {
        String topic = kafka.topic(1);
        kafka.writeAll(topic, "before-1", "before-2");
        String group = group();
        Recording handler = new Recording();
        try (ConsumerLoop<PurgeCommand> loop = kafka.loop(Positioning.inGroup(group, topic), handler, Map.of())) {
            assertThat(loop.awaitCaughtUp(WAIT)).isEqualTo(Stage.CAUGHT_UP);
            assertThat(kafka.committed(group, topic)).as("its start, committed before anything is read").isEqualTo(2);

            kafka.write(topic, "after-3");

            await().atMost(WAIT).untilAsserted(() -> assertThat(handler.ids()).containsExactly("after-3"));
        }
    }

    @Test
    void aReader_isPositionedOnlyOnceItsTopicExists_andThenMissesNothing() throws Exception {
        String topic = "loop-test-later-" + UUID.randomUUID();
        Recording handler = new Recording();
        try (ConsumerLoop<PurgeCommand> loop = kafka.loop(Positioning.everyPartition(Positioning.Start.END,
                Duration.ofMinutes(1), topic), handler, Map.of("allow.auto.create.topics", false))) {
            await().atMost(WAIT).untilAsserted(() -> assertThat(loop.lastError()).contains("topic " + topic + " does not exist"));
            assertThat(loop.isPositioned()).isFalse();
            assertThat(loop.stage()).isEqualTo(Stage.STARTING);

            kafka.createTopic(topic, 1);
            assertThat(loop.awaitPositioned(WAIT)).isIn(Stage.POSITIONED, Stage.CAUGHT_UP);
            kafka.write(topic, "right-after");

            await().atMost(WAIT).untilAsserted(() -> assertThat(handler.ids()).containsExactly("right-after"));
            assertThat(loop.lastError()).isEmpty();
        }
    }

    @Test
    void close_stopsWithinASecond_andLogsNothingAboveDebug() throws Exception {
        String topic = kafka.topic(1);
        Recording handler = new Recording();
        ConsumerLoop<PurgeCommand> loop = positionedInGroup(group(), topic, handler);
        kafka.write(topic, "one");
        await().atMost(WAIT).untilAsserted(() -> assertThat(handler.ids()).as("handed").isNotEmpty());

        try (LogCapture logs = new LogCapture()) {
            long started = System.nanoTime();
            loop.close();
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(took).isLessThan(Duration.ofSeconds(1));
            assertThat(loop.stage()).isEqualTo(Stage.STOPPED);
            assertThat(logs.atLeast(Level.WARN)).as("an orderly stop").isEmpty();
        }
    }

    @Test
    void aKafkaOutage_isRetriedWithBackoff_loggedOnce_andStillStopsWithinASecond() throws IOException {
        String unreachable = "127.0.0.1:" + closedPort();
        Pacing quick = new Pacing(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(50),
                Duration.ofMillis(200));
        try (LogCapture logs = new LogCapture()) {
            Map<String, Object> client = Map.of("bootstrap.servers", unreachable);
            ConsumerLoop<PurgeCommand> loop = new ConsumerLoop<>("loop-test-outage", client,
                    new JsonSerde<>(PurgeCommand.class), Positioning.everyPartition(Positioning.Start.END,
                    Duration.ofMinutes(1), "never"), new Recording(), quick, java.time.Clock.systemUTC());
            loop.start();

            await().atMost(WAIT).untilAsserted(() -> assertThat(logs.fromLoop("loop-test-outage")).as("failures seen")
                    .hasSizeGreaterThanOrEqualTo(4));
            assertThat(logs.fromLoop("loop-test-outage").stream().filter(e -> e.getLevel() == Level.WARN))
                    .as("one WARN for the whole outage, the rest at DEBUG").hasSize(1);
            assertThat(loop.isPositioned()).isFalse();

            long started = System.nanoTime();
            loop.close();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
            assertThat(loop.stage()).isEqualTo(Stage.STOPPED);
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void anUnreadableRecord_isSkipped_withoutStoppingTheLoop() throws Exception {
        String topic = kafka.topic(1);
        String group = group();
        Recording handler = new Recording();
        try (ConsumerLoop<PurgeCommand> loop = positionedInGroup(group, topic, handler)) {
            kafka.write(topic, "before");
            kafka.writeText(topic, "not json");
            kafka.write(topic, "after");

            await().atMost(WAIT).untilAsserted(() -> assertThat(handler.ids()).containsExactly("before", "after"));
            await().atMost(WAIT).untilAsserted(() -> assertThat(kafka.committed(group, topic)).as("committed past it")
                    .isEqualTo(3));
        }
    }

    @Test
    void aRecordTheDeserializerThrowsOn_isSoughtPast_withoutStoppingTheLoop() throws Exception {
        String topic = kafka.topic(1);
        JsonSerde<PurgeCommand> json = new JsonSerde<>(PurgeCommand.class);
        Deserializer<PurgeCommand> strict = (t, data) -> {
            if (new String(data, java.nio.charset.StandardCharsets.UTF_8).equals("boom")) {
                throw new IllegalArgumentException("boom");
            }
            return json.deserialize(t, data);
        };
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (ConsumerLoop<PurgeCommand> loop = LoopFixture.loop(kafka.servers(), Positioning.everyPartition(
                Positioning.Start.END, Duration.ofMinutes(1), topic), RecordHandler.completing(r -> seen.add(r.value().id())),
                Map.of(), strict)) {
            loop.awaitPositioned(WAIT);
            kafka.write(topic, "before");
            kafka.writeText(topic, "boom");
            kafka.write(topic, "after");

            await().atMost(WAIT).untilAsserted(() -> assertThat(seen).containsExactly("before", "after"));
        }
    }

    @Test
    void aHandlerThatThrows_losesOnlyThatRecord() throws Exception {
        String topic = kafka.topic(1);
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        RecordHandler<PurgeCommand> handler = RecordHandler.completing(r -> {
            if (r.value().id().equals("bad")) {
                throw new IllegalStateException("a handler bug");
            }
            seen.add(r.value().id());
        });
        try (ConsumerLoop<PurgeCommand> loop = kafka.loop(Positioning.everyPartition(Positioning.Start.END,
                Duration.ofMinutes(1), topic), handler, Map.of())) {
            loop.awaitPositioned(WAIT);
            kafka.writeAll(topic, "first", "bad", "last");

            await().atMost(WAIT).untilAsserted(() -> assertThat(seen).containsExactly("first", "last"));
        }
    }
}
