package dev.geocdn.cache.freshness;

/** What to do with a stored response that matches a request (RFC 9111 section 4). */
public enum Reuse {
    /** Fresh: serve it (section 4.2). */
    FRESH,
    /** Stale but within stale-while-revalidate: serve it and revalidate in the background (RFC 5861 section 3). */
    STALE_WHILE_REVALIDATE,
    /** Must be validated with the origin before use (section 4.3). */
    REVALIDATE
}
