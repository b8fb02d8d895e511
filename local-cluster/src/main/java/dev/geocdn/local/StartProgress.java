package dev.geocdn.local;

import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * One short line as each part of the world comes up, with where it listens and how long it
 * took, so that the twenty-odd seconds of a start are not silent. Parts start one after
 * another, so a step's time is the time since the previous line.
 */
final class StartProgress {

    /** Reports nothing (tests, and callers that print their own summary). */
    static final StartProgress SILENT = new StartProgress(line -> { }, () -> 0L);

    private final Consumer<String> out;
    private final LongSupplier nanoTime;
    private long last;

    /**
     * @param out      where each line goes (the command line prints them on stdout)
     * @param nanoTime a monotonic ticker in nanoseconds ({@code System::nanoTime})
     */
    StartProgress(Consumer<String> out, LongSupplier nanoTime) {
        this.out = out;
        this.nanoTime = nanoTime;
        this.last = nanoTime.getAsLong();
    }

    /** Reports that {@code part} is up and serving at {@code where}. */
    synchronized void up(String part, String where) {
        long now = nanoTime.getAsLong();
        out.accept(String.format(Locale.ROOT, "  %-18s %s  (%.1f s)", part, where, (now - last) / 1e9));
        last = now;
    }
}
