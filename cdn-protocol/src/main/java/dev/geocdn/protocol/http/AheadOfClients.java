package dev.geocdn.protocol.http;

import java.net.URI;
import java.util.function.BiConsumer;

/**
 * The request field that marks a request sent to a cache node ahead of clients: a warming
 * job's or a prefetch. Such a request fills the cache like any other, but it is not a client's,
 * so it sets off no prefetch of its own (otherwise each prefetched HLS segment would prefetch
 * the next ones, and a whole playlist would be fetched in a chain). Nodes never send it on to
 * the origin.
 */
public final class AheadOfClients {

    /** The field's name. */
    public static final String FIELD = "X-GeoCDN-Prefetch";
    /** The value of a warming job's requests. */
    public static final String WARM = "warm";
    /** The value of a preload link's prefetch. */
    public static final String PRELOAD = "preload";
    /** The prefix of an HLS segment's prefetch, followed by its playlist's URL. */
    public static final String PLAYLIST_PARAMETER = "playlist=";

    private AheadOfClients() {
    }

    /**
     * Where to send a request for {@code url} through {@code base} (a node's data plane, a
     * gateway): the base without its trailing slash, then the URL's path (at least {@code /}) and
     * query, exactly as written.
     */
    public static URI target(URI base, URI url) {
        String prefix = base.toString();
        prefix = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        return URI.create(prefix + (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()));
    }

    /**
     * The fields of a request for {@code url} sent ahead of clients with {@code marker} (one of
     * this class's values): the URL's own {@code Host}, this field, and for an {@code https} URL the
     * scheme as a proxy names it, so that a node that trusts the sender keys it as clients' requests.
     */
    public static void fields(URI url, String marker, BiConsumer<String, String> set) {
        set.accept("Host", url.getRawAuthority());
        set.accept(FIELD, marker);
        if ("https".equalsIgnoreCase(url.getScheme())) {
            set.accept("Forwarded", "proto=https");
            set.accept("X-Forwarded-Proto", "https");
        }
    }
}
