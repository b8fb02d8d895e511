package dev.geocdn.purgebus.loop;

import java.time.Duration;

/**
 * How a {@link ConsumerLoop} spends its time.
 *
 * @param poll        the longest one poll waits for records; it bounds how often a handler's
 *                    {@link RecordHandler#due} runs while the log is quiet
 * @param callTimeout the bound of every other blocking Kafka call (partition lookup, positions,
 *                    end offsets, synchronous commits, close), so that an unreachable Kafka never
 *                    holds the loop's thread longer
 * @param firstRetry  the wait after the first failure of a run of failures
 * @param maxRetry    the longest wait between attempts: the wait doubles up to it
 */
public record Pacing(Duration poll, Duration callTimeout, Duration firstRetry, Duration maxRetry) {

    /** Polls of 500 ms, calls bounded by 5 s, retries from 200 ms doubling to 5 s. */
    public static final Pacing DEFAULT = new Pacing(Duration.ofMillis(500), Duration.ofSeconds(5),
            Duration.ofMillis(200), Duration.ofSeconds(5));

    public Pacing {
        if (!positive(poll) || !positive(callTimeout) || !positive(firstRetry) || !positive(maxRetry)) {
            throw new IllegalArgumentException("every pace must be positive: " + poll + ", " + callTimeout + ", "
                    + firstRetry + ", " + maxRetry);
        }
        if (maxRetry.compareTo(firstRetry) < 0) {
            throw new IllegalArgumentException("maxRetry " + maxRetry + " is shorter than firstRetry " + firstRetry);
        }
    }

    /** The wait after {@code failures} failures in a row (at least one): doubling, at most {@link #maxRetry}. */
    public Duration retryAfter(int failures) {
        Duration wait = firstRetry;
        for (int i = 1; i < failures && wait.compareTo(maxRetry) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxRetry) < 0 ? wait : maxRetry;
    }

    private static boolean positive(Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }
}
