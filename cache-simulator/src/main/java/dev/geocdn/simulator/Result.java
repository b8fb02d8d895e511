package dev.geocdn.simulator;

/**
 * One replay: a policy at a cache size over a trace.
 *
 * @param policy     the policy name, or {@code belady} or {@code static-opt}
 * @param cacheSize  the cache size as the user wrote it ({@code 10%}, {@code 64MB})
 * @param cacheBytes the cache size in bytes
 * @param requests   requests replayed
 * @param hits       requests served from the cache
 * @param bytes      bytes requested
 * @param hitBytes   bytes served from the cache
 */
public record Result(String policy, String cacheSize, long cacheBytes, long requests, long hits, long bytes,
                     long hitBytes) {

    /** Hits per request, 0..1 (0 for an empty trace). */
    public double hitRatio() {
        return requests == 0 ? 0 : (double) hits / requests;
    }

    /** Hit bytes per requested byte, 0..1 (0 when nothing was requested). */
    public double byteHitRatio() {
        return bytes == 0 ? 0 : (double) hitBytes / bytes;
    }
}
