package dev.geocdn.origin;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the origin has seen, so that a test can tell a cache hit (the origin was not asked) from a
 * miss or a revalidation. Counting is lock-free; only the small log of recent requests takes a lock.
 */
final class Counters {

    static final int RECENT_LIMIT = 1000;

    private final LongAdder total = new LongAdder();
    private final LongAdder conditional = new LongAdder();
    private final Map<String, LongAdder> byPath = new ConcurrentHashMap<>();
    private final ArrayDeque<RecordedRequest> recent = new ArrayDeque<>(RECENT_LIMIT);

    void record(String path, boolean isConditional, RecordedRequest request) {
        total.increment();
        if (isConditional) {
            conditional.increment();
        }
        byPath.computeIfAbsent(path, p -> new LongAdder()).increment();
        synchronized (recent) {
            if (recent.size() == RECENT_LIMIT) {
                recent.removeFirst();
            }
            recent.addLast(request);
        }
    }

    long total() {
        return total.sum();
    }

    long conditional() {
        return conditional.sum();
    }

    long forPath(String path) {
        LongAdder count = byPath.get(path);
        return count == null ? 0 : count.sum();
    }

    /** A sorted snapshot of the per-path counts. */
    Map<String, Long> byPath() {
        Map<String, Long> snapshot = new TreeMap<>();
        byPath.forEach((path, count) -> {
            long value = count.sum();
            if (value > 0) {
                snapshot.put(path, value);
            }
        });
        return snapshot;
    }

    /** The recent requests, oldest first. */
    List<RecordedRequest> recent() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }

    void reset() {
        total.reset();
        conditional.reset();
        byPath.clear();
        synchronized (recent) {
            recent.clear();
        }
    }
}
