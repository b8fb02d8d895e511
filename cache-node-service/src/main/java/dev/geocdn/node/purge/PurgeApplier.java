package dev.geocdn.node.purge;

import dev.geocdn.protocol.purge.PurgeCommand;

/** Applies one purge to this node's cache; returns how many cached URLs it removed or marked stale. */
@FunctionalInterface
public interface PurgeApplier {

    /**
     * @param purge     the purge
     * @param appliedAt this node's HLC time of applying it, after the purge's own: fills and
     *                  revalidations that started before it must not be stored
     */
    long apply(PurgeCommand purge, long appliedAt);
}
