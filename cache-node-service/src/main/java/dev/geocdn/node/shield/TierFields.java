package dev.geocdn.node.shield;

import dev.geocdn.protocol.hlc.HlcTime;

/**
 * The fields two nodes of different tiers exchange on a fill. A child node's request to its
 * parent names the child's region in {@link #TIER}; the parent then answers with every field it
 * stored (purge tags included, which clients never see) and with {@link #FILLED_AT}, the HLC
 * time at which the fill that produced its copy started. The child judges that copy against its
 * own purges by that time, not by when it asked: a parent that has not applied a purge yet
 * still serves the old copy, filled before the purge, and the child refuses it.
 */
public final class TierFields {

    /** On a request from a child tier: the child's region. Believed from trusted peers only. */
    public static final String TIER = "X-GeoCDN-Tier";
    /** On a parent's answer to a child: when the fill of what it serves started (HLC, {@link HlcTime#format}). */
    public static final String FILLED_AT = "X-GeoCDN-Filled-At";

    private TierFields() {
    }

    /** The field value for a fill time. */
    public static String format(long filledAt) {
        return HlcTime.format(filledAt);
    }

    /** The fill time a parent sent, or 0 (as old as can be) when it sent none or an unreadable one. */
    public static long filledAt(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            return HlcTime.parse(value.strip());
        } catch (IllegalArgumentException e) {
            return 0;
        }
    }
}
