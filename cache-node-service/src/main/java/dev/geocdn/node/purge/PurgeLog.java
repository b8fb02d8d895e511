package dev.geocdn.node.purge;

import dev.geocdn.protocol.hlc.HybridLogicalClock;
import dev.geocdn.protocol.purge.PurgeCommand;
import dev.geocdn.protocol.purge.PurgeTopics;
import dev.geocdn.purgebus.JsonSerde;
import dev.geocdn.purgebus.PurgeBusSettings;
import dev.geocdn.purgebus.loop.ConsumerLoop;
import dev.geocdn.purgebus.loop.Pacing;
import dev.geocdn.purgebus.loop.Positioning;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * This node's reader of the purge log (docs/architecture.md, "A purge", steps 4 to 6): every purge is
 * applied to the cache, acknowledged on the acknowledgement topic, and only then committed, so
 * a crash between the two replays it (purges are idempotent) and never loses one.
 *
 * <p>The node reads on purge-bus's {@link ConsumerLoop}, in its own consumer group
 * ({@link PurgeTopics#nodeGroup}), stable across restarts: a node that was down resumes from its
 * committed offset, and a node that is new (no committed offset) starts at the end of the log,
 * with an empty cache that nothing older can concern. Start-up replays what was missed
 * <em>before the node serves</em>: this lifecycle runs before the web server's and returns only
 * when every purge up to the end the log had when it started is applied and acknowledged (or
 * after {@code catchUpTimeout}, with a warning), so the data plane port opens on a cache that
 * has applied every purge it missed.
 *
 * <p>The work is split by job: {@link PurgeDelivery} takes the records, {@link PurgeRecordApplier}
 * applies them, {@link Acknowledgements} writes the acknowledgements through {@link AckProducer}.
 * Time comes from the one injected {@link Clock}.
 */
public final class PurgeLog implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(PurgeLog.class);
    /** Before the web server (whose start/stop lifecycle sits just under Integer.MAX_VALUE). */
    static final int PHASE = Integer.MAX_VALUE - 8192;
    /** The reader's poll, call and retry times. */
    static final Pacing PACING = new Pacing(Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofMillis(200),
            Duration.ofSeconds(5));

    private final PurgeBusSettings bus;
    private final PurgeProperties properties;
    private final String nodeId;
    private final PurgeRecordApplier applier;
    private final Clock clock;
    private volatile Duration emulatedDelay;
    private volatile ConsumerLoop<PurgeCommand> loop;
    private volatile AckProducer acks;
    private volatile PurgeDelivery delivery;

    public PurgeLog(PurgeProperties properties, String nodeId, String region, HybridLogicalClock hlc,
                    PurgeApplier applier, PurgeMetrics metrics, Clock clock) {
        this.bus = properties.bus();
        this.properties = properties;
        this.nodeId = nodeId;
        this.applier = new PurgeRecordApplier(nodeId, region, hlc, applier, metrics, clock);
        this.clock = clock;
        this.emulatedDelay = properties.emulatedDelay();
    }

    /**
     * Changes the emulated one-way delay between this node and the purge log (the local world's
     * control API sets it at run time): each purge is applied that long after it was written, and
     * its acknowledgement is written that long after it was applied, as if it travelled back.
     */
    public void setEmulatedDelay(Duration delay) {
        this.emulatedDelay = delay.isNegative() ? Duration.ZERO : delay;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    @Override
    public boolean isRunning() {
        return loop != null;
    }

    @Override
    public void start() {
        acks = new AckProducer(bus, nodeId);
        delivery = new PurgeDelivery(applier, new Acknowledgements(acks), () -> emulatedDelay);
        loop = new ConsumerLoop<>("geocdn-purge-log-" + nodeId, bus.clientProperties(Map.of(
                "client.id", "geocdn-node-" + nodeId,
                "max.poll.records", "500")), new JsonSerde<>(PurgeCommand.class),
                Positioning.inGroup(PurgeTopics.nodeGroup(nodeId), bus.purgesTopic()), delivery, PACING, clock);
        loop.start();
        catchUp();
    }

    /** Waits until the log is replayed up to the end it had when the node started, before the node serves. */
    private void catchUp() {
        Duration timeout = properties.catchUpTimeout();
        switch (loop.awaitCaughtUp(timeout)) {
            case CAUGHT_UP -> LOG.info("purge log caught up ({} purges replayed) before serving", delivery.applied());
            case POSITIONED -> LOG.warn("purge log not caught up within {}: serving, and replaying the rest in the "
                    + "background", timeout);
            case STARTING -> LOG.warn("purge log {} at {} not reachable within {} ({}): serving without replaying "
                    + "missed purges", bus.purgesTopic(), bus.bootstrapServers(), timeout, loop.lastError());
            case STOPPED -> LOG.debug("purge log stopped while catching up");
        }
    }

    @Override
    public void stop() {
        ConsumerLoop<PurgeCommand> l = loop;
        if (l != null) {
            l.close();
        }
        AckProducer p = acks;
        if (p != null) {
            p.close();
        }
        loop = null;
    }
}
