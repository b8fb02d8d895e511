package dev.geocdn.gateway.latency;

import dev.geocdn.protocol.topology.RegionDistances;

import java.time.Duration;
import java.util.Map;

/**
 * An inter-region round-trip time added to requests served from another region than the
 * client's, so that a world on one machine's loopback behaves like regions an ocean apart:
 * a client in eu-west served by us-east waits the eu-west/us-east RTT once per request, and
 * the gateway's RTT probes see it too. Empty (no delay) in production; the local world and
 * benchmarks set it from configuration or, at run time, through the control API.
 *
 * <p>The matrix is replaced whole (a volatile reference), so a request reads one consistent
 * matrix without locking.
 */
public final class EmulatedRtt {

    private volatile RegionDistances matrix;

    public EmulatedRtt(Map<String, ? extends Map<String, ? extends Number>> matrix) {
        this.matrix = new RegionDistances(matrix);
    }

    /**
     * Replaces the matrix (ms, given one way or both; a region is 0 from itself).
     *
     * @throws IllegalArgumentException for a negative or non-finite RTT, keeping the old matrix
     */
    public void set(Map<String, ? extends Map<String, ? extends Number>> newMatrix) {
        this.matrix = new RegionDistances(newMatrix);
    }

    /** The matrix as last set. */
    public Map<String, Map<String, Double>> matrix() {
        return matrix.matrix();
    }

    /** The delay between a client in {@code from} and a server in {@code to}; zero when not given. */
    public Duration between(String from, String to) {
        if (from == null || from.isBlank() || to == null) {
            return Duration.ZERO;
        }
        double ms = matrix.distance(from, to);
        return Double.isInfinite(ms) || ms <= 0 ? Duration.ZERO : Duration.ofNanos((long) (ms * 1e6));
    }
}
