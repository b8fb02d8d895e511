package dev.geocdn.gateway.metrics;

/**
 * How a request through the gateway ended, seen from its client: served in its own region at
 * the first try, served there by another node, served from another region, or not served. A
 * pure function of the client's region, the region that answered and whether a target was
 * passed over on the way ({@link #of}).
 */
public enum RequestOutcome {

    /** Served in the client's region by the first target tried: the owner node, or the region's gateway. */
    LOCAL("local"),
    /** Served in the client's region by another node, after the owner failed or its circuit was open. */
    FAILOVER_NODE("failover_node"),
    /**
     * Served from another region than the client's: its own region was down in the membership,
     * or every target of it failed here.
     */
    FAILOVER_REGION("failover_region"),
    /** No target answered: the gateway answered 502, 503 or 504 itself. */
    ERROR("error");

    private final String tagValue;

    RequestOutcome(String tagValue) {
        this.tagValue = tagValue;
    }

    /** The {@code outcome} tag's value. */
    public String tagValue() {
        return tagValue;
    }

    /**
     * @param clientRegion  the region the client was placed in
     * @param servingRegion the region of the target that answered; null when none did
     * @param passedOver    whether a target was passed over (failed, or its circuit open) first
     */
    public static RequestOutcome of(String clientRegion, String servingRegion, boolean passedOver) {
        if (servingRegion == null) {
            return ERROR;
        }
        if (!servingRegion.equals(clientRegion)) {
            return FAILOVER_REGION;
        }
        return passedOver ? FAILOVER_NODE : LOCAL;
    }
}
