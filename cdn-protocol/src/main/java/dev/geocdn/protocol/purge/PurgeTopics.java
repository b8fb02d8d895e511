package dev.geocdn.protocol.purge;

/**
 * The Kafka topics purges and acknowledgements travel on, by default. Both are one log for the
 * whole CDN (one cluster, or one per region mirrored with MirrorMaker 2: docs/invalidation.md).
 *
 * <p>The purge log is read by every node in its own consumer group ({@link #nodeGroup}), so
 * each node sees every purge and resumes from its committed offset after a restart.
 */
public final class PurgeTopics {

    /** Purges, from the invalidation service to every node. */
    public static final String PURGES = "geocdn.purges";
    /** Acknowledgements, from nodes to the invalidation service and the health service. */
    public static final String ACKS = "geocdn.purge-acks";

    private PurgeTopics() {
    }

    /** A node's own consumer group: stable across its restarts, so it replays what it missed. */
    public static String nodeGroup(String nodeId) {
        return "geocdn-node-" + nodeId;
    }
}
