package dev.geocdn.protocol.http;

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
}
