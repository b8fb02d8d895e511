package dev.geocdn.health.verdict;

/**
 * One probe's outcome.
 *
 * @param ok     whether the target answered as a healthy one must
 * @param detail what was seen ("200 in 3 ms", "connection refused", "health DOWN")
 */
public record ProbeResult(boolean ok, String detail) {

    public static ProbeResult ok(String detail) {
        return new ProbeResult(true, detail);
    }

    public static ProbeResult failed(String detail) {
        return new ProbeResult(false, detail);
    }
}
