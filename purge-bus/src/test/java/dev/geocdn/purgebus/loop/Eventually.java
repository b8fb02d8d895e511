package dev.geocdn.purgebus.loop;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waits for a condition by polling it until it holds or a deadline passes; never sleeps and assumes. */
final class Eventually {

    private Eventually() {
    }

    /** Reads {@code probe} every 20 ms until {@code until} holds or {@code timeout} passes; returns the last value read. */
    static <T> T eventually(Duration timeout, Supplier<T> probe, Predicate<T> until) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T value = probe.get();
        while (!until.test(value) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            value = probe.get();
        }
        return value;
    }
}
