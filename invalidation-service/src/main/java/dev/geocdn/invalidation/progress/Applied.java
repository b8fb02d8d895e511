package dev.geocdn.invalidation.progress;

/**
 * One node's acknowledgement as progress counts it.
 *
 * @param nodeId    the node
 * @param region    its region, as the acknowledgement says
 * @param appliedMs from the purge's acceptance to the acknowledgement's arrival here, on this
 *                  service's clock (so clock skew between machines does not enter it)
 * @param removed   cached URLs the node removed, or marked stale for a soft purge
 */
public record Applied(String nodeId, String region, long appliedMs, long removed) {
}
