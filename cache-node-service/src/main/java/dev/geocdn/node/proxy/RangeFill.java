package dev.geocdn.node.proxy;

/**
 * How the node fills a range request for a representation it does not hold whole
 * ({@code cdn.cache.range-fill}).
 */
public enum RangeFill {
    /**
     * {@link #WHOLE}, except for objects larger than {@code cdn.cache.max-object-size}, which can
     * never be stored whole: their ranges are filled as {@link #PARTS}. The first range of such an
     * object costs one origin request that is given up once its length shows.
     */
    AUTO,
    /**
     * Fetch the whole representation and answer the range from it as the bytes arrive: one
     * origin request, and the whole object stored for every later request. Best when objects
     * fit the cache and most of each is read.
     */
    WHOLE,
    /**
     * Ask the origin for the missing range only, store it as a part, and complete the object
     * from later requests (RFC 9111 sections 3.3 and 3.4). Best for large media that clients
     * seek in: no byte is fetched that nobody asked for.
     */
    PARTS
}
