package dev.geocdn.protocol.http;

import java.util.List;

/**
 * What asking a node for a URL ahead of clients achieved (a warming job's {@code HEAD}, a
 * prefetch), read from the node's answer: its status and its {@code Cache-Status} entry
 * (RFC 9211). Pure.
 *
 * @param outcome what happened
 * @param why     in words, for the job's failures and the node's log ("origin answered 404")
 */
public record WarmVerdict(Outcome outcome, String why) {

    /** The three outcomes a warming job counts. */
    public enum Outcome {
        /** The node now holds a fresh copy it did not hold before (filled, revalidated or read from its tier). */
        WARMED,
        /** Skipped: the node already held a fresh copy; nothing was fetched. */
        FRESH,
        /** Not warmed; {@link #why()} says why. */
        FAILED;

        /** The name in the API and metrics. */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static WarmVerdict warmed(String why) {
        return new WarmVerdict(Outcome.WARMED, why);
    }

    public static WarmVerdict failed(String why) {
        return new WarmVerdict(Outcome.FAILED, why);
    }

    /**
     * The verdict on a node's answer.
     *
     * @param status      the node's status
     * @param cacheStatus the node's {@code Cache-Status} field, or null
     * @param nodeId      the node's id, its name in {@code Cache-Status}; null when the request
     *                    went through gateways, whose entries ({@code fwd=bypass}) are passed over
     */
    public static WarmVerdict of(int status, String cacheStatus, String nodeId) {
        List<CacheStatus> entries = CacheStatusReader.read(cacheStatus);
        CacheStatus entry = null;
        for (CacheStatus e : entries) { // the node's own, or else the last that did more than pass it on
            if (nodeId != null ? e.cacheName().equals(nodeId) : e.fwd() != CacheStatus.Fwd.BYPASS) {
                entry = e;
            }
        }
        if (entry == null && !entries.isEmpty() && nodeId != null) {
            entry = entries.get(entries.size() - 1);
        }
        if (entry == null) {
            return failed("the node answered " + status + " without Cache-Status");
        }
        String detail = entry.detail() == null ? "" : " (" + entry.detail() + ")";
        if (entry.hit()) {
            if (entry.tier() != null) {
                return warmed("read from the " + entry.tier() + " tier");
            }
            if ("stale-while-revalidate".equals(entry.detail())) {
                return warmed("stale; refreshed in the background");
            }
            if (entry.detail() != null || (entry.ttl() != null && entry.ttl() < 0)) {
                return failed("the origin could not refresh it; a stale copy is served" + detail);
            }
            return new WarmVerdict(Outcome.FRESH, "already fresh");
        }
        int upstream = entry.fwdStatus() > 0 ? entry.fwdStatus() : status;
        if (entry.stored()) {
            return warmed(upstream == 304 ? "revalidated" : "filled");
        }
        if (entry.collapsed() && upstream < 400) {
            return warmed("joined a fill in progress");
        }
        if (upstream >= 400) {
            return failed((entry.fwdStatus() > 0 ? "the origin answered " : "the node answered ") + upstream + detail);
        }
        return failed("the node did not store it" + (detail.isEmpty() ? ": not cacheable" : detail));
    }
}
