package dev.geocdn.purgebus.loop;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One reader of the purge log: a {@link KafkaConsumer} on a thread of its own, handing each
 * record to a {@link RecordHandler} and committing what the handler has done. The node, the
 * invalidation service and the health service all read the log through it; they differ only in
 * their {@link Positioning} and handler.
 *
 * <p><b>Threading.</b> The consumer is not thread-safe, so it lives on the loop's thread alone:
 * that thread creates it, positions it, polls it, calls the handler, commits and closes it.
 * Other threads only read the loop's {@linkplain #stage() stage}, wait for it, or {@link #close}
 * it, which sets a flag and calls {@link KafkaConsumer#wakeup()}, the consumer's one thread-safe
 * method. A blocking poll or call ends at once with a {@link WakeupException}, which the loop
 * takes as the signal to stop: it commits what is done, closes the consumer and logs nothing
 * above DEBUG. Waits between retries are on a latch that {@link #close} releases.
 *
 * <p><b>Commits.</b> In a group, an offset is committed only once the handler has marked every
 * record before it done ({@link DoneOffsets}), asynchronously after each poll and synchronously
 * when the loop stops or a partition is revoked. A crash replays what was handed but not done,
 * so a handler must be idempotent, as purges and acknowledgements are. Without a group nothing
 * is committed.
 *
 * <p><b>Readiness.</b> The loop is {@link Stage#POSITIONED} once every partition it reads has a
 * position, so nothing written afterwards can be missed, and {@link Stage#CAUGHT_UP} once every
 * record below the end offsets of that moment is done. A node waits for the second before it
 * serves; the invalidation service waits for the first before it takes strong purges.
 *
 * <p><b>Failures.</b> Nothing stops the loop but {@link #close}:
 * <ul>
 *   <li>an unreadable record is skipped: a deserializer that answers {@code null} (as
 *       {@code JsonSerde} does) is skipped in passing, and one that throws is sought past;</li>
 *   <li>a handler that throws on a record is logged, and the record counts as done, so that one
 *       bad record never holds the log back;</li>
 *   <li>a Kafka error (unreachable broker, missing topic, failed positioning) is retried with a
 *       doubling wait ({@link Pacing}); the first failure of a run is logged at WARN and the
 *       rest at DEBUG, and recovery at INFO, so an outage costs two log lines, not one per try.
 *       The consumer keeps its positions across such errors.</li>
 * </ul>
 *
 * <p><b>Time</b> comes from the injected {@link Clock}: when held work is due, and when the
 * partitions are looked up again. Blocking waits are bounded by {@link Pacing}.
 *
 * @param <V> the records' values
 */
public final class ConsumerLoop<V> implements AutoCloseable {

    /** How far a loop has come; see {@link ConsumerLoop}. */
    public enum Stage {
        /** Not positioned yet: Kafka not reached, a topic missing, or no partition assigned. */
        STARTING,
        /** Every partition read has a position: nothing written from now on is missed. */
        POSITIONED,
        /** Every record below the end offsets seen at positioning is done. */
        CAUGHT_UP,
        /** Stopped. */
        STOPPED
    }

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerLoop.class);
    /** What {@link #lastError()} says before the loop is positioned, while nothing failed. */
    private static final String NOT_POSITIONED = "not positioned yet";

    private final String name;
    private final Map<String, Object> properties;
    private final Deserializer<V> values;
    private final RecordHandler<V> handler;
    private final Pacing pacing;
    private final Clock clock;
    private final Positioner positioner;
    /** What a group reader commits; null for a reader without a group. */
    private final Commits commits;
    private final DoneOffsets offsets = new DoneOffsets();
    private final Readiness readiness = new Readiness();
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final Thread thread;
    private volatile KafkaConsumer<String, V> consumer;
    private volatile boolean stopping;
    private volatile String lastError = NOT_POSITIONED;
    /** Failures in a row, of Kafka calls and of the handler; the loop thread's own. */
    private final FailureRun failures = new FailureRun(LOG, Level.WARN);
    private final FailureRun handlerFailures = new FailureRun(LOG, Level.ERROR);
    private Optional<Instant> nextDue = Optional.empty();

    /**
     * @param name             the thread's name, and how the logs name this reader
     * @param clientProperties Kafka client properties (bootstrap servers, client id, security);
     *                         the loop sets auto-commit off, the call timeout, and the group
     * @param values           reads the records' values; {@code null} means unreadable
     * @param positioning      where to read from, and whether to commit
     * @param handler          takes the records, on the loop's thread
     * @param pacing           poll, call and retry times
     * @param clock            the time source for held work and partition refreshes
     */
    public ConsumerLoop(String name, Map<String, Object> clientProperties, Deserializer<V> values,
                        Positioning positioning, RecordHandler<V> handler, Pacing pacing, Clock clock) {
        this.name = name;
        this.values = values;
        this.handler = handler;
        this.pacing = pacing;
        this.clock = clock;
        this.positioner = Positioner.of(positioning, new Tracking(), pacing.callTimeout());
        this.commits = positioner.commits() ? new Commits(name, LOG, offsets, pacing.callTimeout()) : null;
        Map<String, Object> all = new HashMap<>(clientProperties);
        all.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        all.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) pacing.callTimeout().toMillis());
        if (positioning instanceof Positioning.InGroup group) {
            all.put(ConsumerConfig.GROUP_ID_CONFIG, group.groupId());
            all.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        }
        this.properties = Map.copyOf(all);
        this.thread = Thread.ofPlatform().daemon().name(name).unstarted(this::run);
    }

    /** Starts reading on the loop's own thread; returns at once. */
    public void start() {
        thread.start();
    }

    public Stage stage() {
        return readiness.stage();
    }

    /** Whether every partition read has a position (caught up or not). */
    public boolean isPositioned() {
        Stage stage = stage();
        return stage == Stage.POSITIONED || stage == Stage.CAUGHT_UP;
    }

    /** Waits up to {@code timeout} to be positioned; returns the stage reached. */
    public Stage awaitPositioned(Duration timeout) {
        return await(Stage.POSITIONED, timeout);
    }

    /** Waits up to {@code timeout} to catch up with the log's end at positioning; returns the stage reached. */
    public Stage awaitCaughtUp(Duration timeout) {
        return await(Stage.CAUGHT_UP, timeout);
    }

    private Stage await(Stage wanted, Duration timeout) {
        try {
            return readiness.await(wanted, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return stage();
        }
    }

    /** The last failure while not positioned or since, or empty when reading is fine. */
    public String lastError() {
        return lastError;
    }

    private void run() {
        try {
            while (!stopping) {
                try {
                    step();
                    recovered();
                } catch (WakeupException e) {
                    // close() asked the loop to stop
                } catch (RuntimeException e) {
                    if (!stopping) {
                        failed(e);
                    }
                }
            }
        } finally {
            shutDown();
        }
    }

    /** One round: position, poll, hand the records over, finish what is due, commit. */
    private void step() {
        KafkaConsumer<String, V> c = consumer();
        positioner.beforePoll(c, clock.instant());
        ConsumerRecords<String, V> records;
        try {
            records = c.poll(pollTimeout());
        } catch (RecordDeserializationException e) {
            skip(c, e);
            return;
        }
        for (ConsumerRecord<String, V> record : records) {
            hand(record);
        }
        nextDue = due();
        if (commits != null) {
            commits.afterPoll(c);
        }
        checkCaughtUp(c);
    }

    private KafkaConsumer<String, V> consumer() {
        KafkaConsumer<String, V> c = consumer;
        if (c == null) {
            c = new KafkaConsumer<>(properties, new StringDeserializer(), values);
            consumer = c;
            if (stopping) {
                throw new WakeupException(); // close() ran before there was a consumer to wake
            }
        }
        return c;
    }

    /** The poll's wait: {@link Pacing#poll()}, shortened so that held work is not finished late. */
    private Duration pollTimeout() {
        if (nextDue.isEmpty()) {
            return pacing.poll();
        }
        Instant now = clock.instant();
        Instant due = nextDue.get();
        if (!due.isAfter(now)) {
            return Duration.ZERO;
        }
        return due.isAfter(now.plus(pacing.poll())) ? pacing.poll() : Duration.between(now, due);
    }

    private void hand(ConsumerRecord<String, V> record) {
        if (record.value() == null) {
            LOG.debug("{}: skipping the unreadable record at {}-{} offset {}", name, record.topic(),
                    record.partition(), record.offset());
            return;
        }
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        offsets.handed(partition, record.offset());
        try {
            handler.handle(record, offsets);
            handlerFailures.end();
        } catch (RuntimeException e) {
            offsets.done(partition, record.offset());
            handlerFailures.failed("{}: the handler failed; the record at {} offset {} is skipped", name, partition,
                    record.offset(), e);
        }
    }

    private Optional<Instant> due() {
        try {
            return handler.due(clock.instant(), offsets);
        } catch (RuntimeException e) {
            handlerFailures.failed("{}: the handler failed on held records; tried again after the next poll", name, e);
            return Optional.empty();
        }
    }

    private void checkCaughtUp(KafkaConsumer<String, V> c) {
        if (readiness.stage() == Stage.POSITIONED && readiness.check(p -> offsets.doneUpTo(p, c.position(p)))) {
            LOG.info("{}: caught up with the end of the log", name);
        }
    }

    /** Seeks past a record the deserializer refused (threw on), so that the loop goes on. */
    private void skip(KafkaConsumer<String, V> c, RecordDeserializationException e) {
        LOG.warn("{}: skipping the unreadable record at {} offset {}: {}", name, e.topicPartition(), e.offset(),
                e.getCause() == null ? e.getMessage() : e.getCause().toString());
        c.seek(e.topicPartition(), e.offset() + 1);
    }

    private void failed(RuntimeException e) {
        Thread.interrupted(); // a Kafka InterruptException leaves the flag set; the loop goes on until close()
        lastError = describe(e);
        Object servers = properties.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG);
        boolean expected = e instanceof KafkaException || e instanceof IllegalStateException;
        int run = failures.failed("{} on {}: {}; retrying, less often as failures go on (every {} ms at most), until "
                + "it works", name, servers, lastError, pacing.maxRetry().toMillis(), expected ? null : e);
        try {
            stopRequested.await(pacing.retryAfter(run).toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void recovered() {
        int run = failures.end();
        if (run > 0) {
            LOG.info("{}: reading again after {} failed attempts", name, run);
        }
        lastError = readiness.stage() == Stage.STARTING ? NOT_POSITIONED : "";
    }

    private static String describe(RuntimeException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        Throwable cause = e.getCause();
        return cause == null || cause.getMessage() == null || message.contains(cause.getMessage())
                ? message : message + ": " + cause.getMessage();
    }

    /** Commits what is done and closes the consumer; an orderly stop logs nothing above DEBUG. */
    private void shutDown() {
        KafkaConsumer<String, V> c = consumer;
        try {
            if (c != null) {
                if (commits != null) {
                    commits.beforeClose(c);
                }
                c.close(CloseOptions.timeout(pacing.callTimeout()));
            }
        } catch (RuntimeException e) {
            LOG.debug("{}: while stopping: {}", name, e.toString());
        } finally {
            readiness.stopped();
            LOG.debug("{}: stopped", name);
        }
    }

    /**
     * Stops reading: wakes the consumer, waits for the loop's thread to commit and close it
     * (bounded by twice the call timeout and a second), and releases anyone waiting for a stage.
     */
    @Override
    public void close() {
        stopping = true;
        stopRequested.countDown();
        KafkaConsumer<String, V> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (!thread.isAlive()) {
            readiness.stopped();
            return;
        }
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            thread.join(pacing.callTimeout().multipliedBy(2).plusSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("{}: still busy {} after it was asked to stop; left to finish on its own", name,
                    pacing.callTimeout().multipliedBy(2).plusSeconds(1));
        }
    }

    /** What the positioner tells the loop: new positions to track, partitions to let go. */
    private final class Tracking implements Positioner.Positions {

        @Override
        public void positioned(Map<TopicPartition, Long> starts, Map<TopicPartition, Long> ends) {
            starts.forEach(offsets::track);
            readiness.positioned(ends);
            LOG.info("{}: positioned at {}; the log ends at {}", name, starts, ends);
            checkCaughtUp(consumer);
        }

        @Override
        public void released(Collection<TopicPartition> partitions, boolean owned) {
            if (owned && commits != null) {
                commits.beforeRevoke(consumer, partitions);
            }
            offsets.forget(partitions);
            readiness.released(partitions);
        }
    }
}
