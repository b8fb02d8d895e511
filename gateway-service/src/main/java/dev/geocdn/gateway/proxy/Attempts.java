package dev.geocdn.gateway.proxy;

import dev.geocdn.gateway.routing.geo.Placement;
import dev.geocdn.gateway.routing.plan.Hop;
import dev.geocdn.protocol.http.CacheStatus;

import java.util.ArrayList;
import java.util.List;

/**
 * What happened to one request's attempts along its plan: the client's placement, the targets
 * passed over and why, the target now tried. Both forwarding paths (Spring Cloud Gateway's
 * filter chain and the fast path) keep one, so both answer with the same response fields and
 * the same errors.
 */
public final class Attempts {

    /** The header naming the client's region and why. */
    public static final String CLIENT_REGION_HEADER = "X-GeoCDN-Client-Region";
    /** The header naming the region and node that answered. */
    public static final String SERVED_BY_HEADER = "X-Served-By";
    /** The header listing targets skipped before the one that answered, with why. */
    public static final String SKIPPED_HEADER = "X-GeoCDN-Skipped";

    /** A response's header fields, as each path's header type offers them. */
    public interface ResponseFields {
        /** The field's values joined with ", ", null when absent. */
        String joined(String name);

        void set(String name, String value);
    }

    private final Placement placement;
    private final List<String> skipped = new ArrayList<>(0);
    private Hop current;
    private boolean anyTimeout;

    public Attempts(Placement placement) {
        this.placement = placement;
    }

    public Placement placement() {
        return placement;
    }

    /** The target being tried, or that answered; null when none is. */
    public Hop current() {
        return current;
    }

    public void trying(Hop hop) {
        current = hop;
    }

    public boolean passedOver() {
        return !skipped.isEmpty();
    }

    public int skippedCount() {
        return skipped.size();
    }

    /** Records that {@code hop} was passed over, and why; {@code timeout}: it may have seen the request. */
    public void skipped(Hop hop, String why, boolean timeout) {
        skipped.add(hop.target() + " \"" + why + "\"");
        anyTimeout |= timeout;
        current = null;
    }

    /** The status when no target answered: 504 when one may have seen the request and timed out, else 502. */
    public int exhaustedStatus() {
        return anyTimeout ? 504 : 502;
    }

    public String exhaustedMessage() {
        return skipped.isEmpty() ? "no target could be reached"
                : "no target could be reached: " + String.join(", ", skipped);
    }

    /**
     * Adds this gateway's fields to the response: {@code X-Served-By} (unless a regional gateway
     * answered, which set its own), the node's {@code Cache-Status} with {@code ownStatus}
     * appended (RFC 9211), the client's region and the targets passed over.
     */
    public void decorate(ResponseFields fields, CacheStatus ownStatus) {
        Hop hop = current;
        if (hop != null && !hop.isGateway()) {
            fields.set(SERVED_BY_HEADER, hop.region() + "/" + hop.target());
        }
        fields.set(CacheStatus.FIELD, ownStatus.appendTo(fields.joined(CacheStatus.FIELD)));
        fields.set(CLIENT_REGION_HEADER, placement.headerValue());
        if (!skipped.isEmpty()) {
            String before = fields.joined(SKIPPED_HEADER);
            String mine = String.join(", ", skipped);
            fields.set(SKIPPED_HEADER, before == null ? mine : before + ", " + mine);
        }
    }

    /** A failure's innermost message, fit for a quoted header item. */
    public static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        int colon = message.indexOf(": /");
        return (colon > 0 ? message.substring(0, colon) : message).replace('"', '\'').replace(',', ';');
    }
}
