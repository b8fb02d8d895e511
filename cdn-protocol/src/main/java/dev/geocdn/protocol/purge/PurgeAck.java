package dev.geocdn.protocol.purge;

import java.time.Instant;

/**
 * A node's acknowledgement that it applied a purge, on the acknowledgement log: what the
 * invalidation service waits for before answering a strong purge, and what per-region
 * watermarks are computed from.
 *
 * @param purgeId    the purge's id
 * @param purgeHlc   the purge's HLC time
 * @param nodeId     the node that applied it
 * @param region     the node's region
 * @param appliedHlc the node's HLC time when it applied it (after the purge's, by construction)
 * @param appliedAt  when it applied it (wall clock)
 * @param removed    cached URLs removed or, for a soft purge, marked stale
 * @param partition  the purge log partition the purge came from
 * @param offset     its offset there: everything before it in the partition was applied too
 */
public record PurgeAck(String purgeId, long purgeHlc, String nodeId, String region, long appliedHlc,
                       Instant appliedAt, long removed, int partition, long offset) {

    public PurgeAck {
        if (purgeId == null || purgeId.isBlank() || nodeId == null || nodeId.isBlank() || region == null) {
            throw new IllegalArgumentException("an acknowledgement names its purge, node and region");
        }
    }
}
