package dev.geocdn.node.proxy;

import dev.geocdn.cache.freshness.Revalidation;
import dev.geocdn.cache.http.Headers;
import dev.geocdn.cache.http.HopByHop;
import dev.geocdn.cache.store.StoredResponse;
import dev.geocdn.node.shield.TierFields;

import java.util.List;

/**
 * The request fields sent to the origin. Hop-by-hop fields are dropped (RFC 9110 section
 * 7.6.1), the client's address and public host go in Forwarded (RFC 7239) and the de-facto
 * X-Forwarded-* fields, and this node is added to Via (RFC 9110 section 7.6.3).
 *
 * <p>A fill is shared by every collapsed request, so it carries none of one client's
 * conditionals, ranges or cache directives: it asks for the whole current representation, or
 * validates the stored one with the cache's own validators.
 */
final class UpstreamHeaders {

    private static final List<String> CLIENT_ONLY = List.of("Host", "If-None-Match", "If-Modified-Since",
            "If-Match", "If-Unmodified-Since", "If-Range", "Range", "Cache-Control", "Pragma", "Content-Length",
            RequestHooks.PREFETCH_FIELD, TierFields.TIER);

    private UpstreamHeaders() {
    }

    /** Fields for a fill of {@code request}, validating {@code stale} when not null. */
    static Headers forFill(ClientRequest request, StoredResponse stale, String nodeId) {
        Headers.Builder builder = forwarded(request, nodeId);
        for (String name : CLIENT_ONLY) {
            builder.removeAll(name);
        }
        if (stale != null) {
            Revalidation.conditionalHeaders(stale).forEach(builder::add);
        }
        return builder.build();
    }

    /** Fields for a request passed through unchanged (methods other than GET and HEAD). */
    static Headers forPass(ClientRequest request, String nodeId) {
        return forwarded(request, nodeId).removeAll("Host").removeAll(TierFields.TIER).build();
    }

    private static Headers.Builder forwarded(ClientRequest request, String nodeId) {
        Headers.Builder builder = HopByHop.strip(request.headers()).newBuilder();
        String forwardedFor = request.headers().joined("X-Forwarded-For");
        builder.set("X-Forwarded-For", forwardedFor == null ? request.remoteAddress()
                : forwardedFor + ", " + request.remoteAddress());
        builder.set("X-Forwarded-Host", request.host());
        builder.set("X-Forwarded-Proto", request.scheme());
        String element = "for=" + quoteIfNeeded(request.remoteAddress()) + ";host=" + quoteIfNeeded(request.host())
                + ";proto=" + request.scheme();
        String forwarded = request.headers().joined("Forwarded");
        builder.set("Forwarded", forwarded == null ? element : forwarded + ", " + element);
        String via = request.headers().joined("Via");
        builder.set("Via", via == null ? "1.1 " + nodeId : via + ", 1.1 " + nodeId);
        return builder;
    }

    // RFC 7239 section 4: a value with a colon (a port, IPv6) is a quoted-string; IPv6 in brackets
    private static String quoteIfNeeded(String value) {
        if (value.indexOf(':') < 0) {
            return value;
        }
        boolean ipv6 = value.chars().filter(c -> c == ':').count() > 1 && value.indexOf('[') < 0;
        return "\"" + (ipv6 ? "[" + value + "]" : value) + "\"";
    }
}
