package dev.geocdn.local;

import dev.geocdn.protocol.purge.PurgeTopics;
import org.apache.kafka.clients.NetworkClient;
import org.apache.kafka.common.utils.Exit;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.util.ArrayList;
import java.util.List;

/**
 * The local world's purge log: one embedded KRaft broker (real Kafka, in this JVM) with the
 * purge and acknowledgement topics, on a free port (Spring Kafka's KRaft broker does not take
 * a fixed one; the address is printed and in {@code GET /v1/world}).
 *
 * <p><b>Why it owns its clean-up.</b> Kafka's test kit registers a JVM shutdown hook that deletes
 * the broker's log directories. JVM hooks run all at once, so on Ctrl-C that hook would delete
 * the directories under a broker that is still serving the world's consumers, and the broker
 * would report every partition as lost. The hooks Kafka asks for while the broker is built are
 * therefore kept here and run by {@link #close()}, after the broker has stopped.
 *
 * <p><b>Quiet stop.</b> The world closes every Kafka client before the broker, so the broker
 * stops with nobody connected. One warning remains that no order avoids: in its own orderly
 * shutdown the broker closes the client of its registration channel to the controller (itself,
 * in this combined broker-controller) twice, and the second close warns. {@link NetworkClient} is raised to ERROR
 * for the length of {@link #close()} only, when no client of the world is left to warn through
 * it; errors still show.
 */
final class EmbeddedPurgeLog implements AutoCloseable {

    /** Loggers that print the broker's whole configuration (a thousand lines) at INFO while it starts. */
    private static final List<String> CHATTY_LOGGERS = List.of("org.apache.kafka", "kafka", "state.change.logger");

    /** The logger of the broker's second close of its controller channel, quiet while the broker stops. */
    static final String CLOSED_TWICE_LOGGER = NetworkClient.class.getName();

    private final EmbeddedKafkaKraftBroker broker;
    private final List<Runnable> cleanUp = new ArrayList<>();

    private EmbeddedPurgeLog() {
        quietStart();
        broker = new EmbeddedKafkaKraftBroker(1, 1, PurgeTopics.PURGES, PurgeTopics.ACKS);
        Exit.setShutdownHookAdder((name, hook) -> cleanUp.add(hook));
        try {
            broker.afterPropertiesSet();
        } catch (RuntimeException e) {
            close();
            throw e;
        } finally {
            Exit.resetShutdownHookAdder();
        }
    }

    /** Starts the broker and creates the topics; returns once it accepts clients. */
    static EmbeddedPurgeLog start() {
        return new EmbeddedPurgeLog();
    }

    /** The broker's bootstrap servers ({@code localhost:<port>}). */
    String bootstrapServers() {
        return broker.getBrokersAsString();
    }

    /** Stops the broker, then removes its files. Every Kafka client of the world must be closed first. */
    @Override
    public void close() {
        try {
            if (broker.getCluster() != null) {
                QuietLoggers.during(CLOSED_TWICE_LOGGER, LogLevel.ERROR, broker::destroy);
            }
        } finally {
            cleanUp.forEach(Runnable::run);
            cleanUp.clear();
        }
    }

    /**
     * The broker starts before any Spring context has configured logging, and would print its
     * configuration above the world's progress; warnings still show.
     */
    private static void quietStart() {
        LoggingSystem logging = LoggingSystem.get(EmbeddedPurgeLog.class.getClassLoader());
        CHATTY_LOGGERS.forEach(logger -> logging.setLogLevel(logger, LogLevel.WARN));
    }
}
