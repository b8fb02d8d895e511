package dev.geocdn.node.tier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Purges that could not reach the tier (Redis down, or slower than the timeout), kept to be
 * retried, in order. While any is pending the node reads nothing from the tier: the copies those
 * purges cover may still be there, and the node's memory tombstones do not outlive the fills in
 * flight. Retries run when the node would read, one pass at a time, stopping at the first
 * failure. Past {@link #MAX} pending purges the tier stays unread until the node restarts
 * (logged), rather than keep an unbounded list.
 */
final class PendingPurges {

    /** The most purges kept for a retry. */
    static final int MAX = 10_000;

    private static final Logger log = LoggerFactory.getLogger(PendingPurges.class);

    private record Pending(String what, Supplier<Mono<Void>> purge) {
    }

    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicBoolean retrying = new AtomicBoolean();
    private volatile boolean overflowed;

    /** Keeps {@code purge} (which fails when the tier could not apply it) for a retry. */
    void add(String what, Supplier<Mono<Void>> purge) {
        if (size.incrementAndGet() > MAX) {
            size.decrementAndGet();
            if (!overflowed) {
                overflowed = true;
                log.error("more than {} purges could not reach the tier: the node reads nothing from it until it"
                        + " restarts", MAX);
            }
            return;
        }
        queue.add(new Pending(what, purge));
    }

    int size() {
        return overflowed ? MAX + 1 : size.get();
    }

    /** Whether reads must skip the tier now. */
    boolean blockReads() {
        return overflowed || size.get() > 0;
    }

    /** Retries the pending purges in order, unless a pass is already running; completes when the pass ends. */
    Mono<Void> retry() {
        if (size.get() == 0 || !retrying.compareAndSet(false, true)) {
            return Mono.empty();
        }
        return next().doFinally(signal -> retrying.set(false));
    }

    private Mono<Void> next() {
        Pending head = queue.peek();
        if (head == null) {
            return Mono.empty();
        }
        return head.purge().get()
                .then(Mono.defer(() -> {
                    queue.poll();
                    size.decrementAndGet();
                    log.info("tier purge of {} applied on retry", head.what());
                    return next();
                }))
                .onErrorResume(error -> Mono.empty()); // still unreachable: the next read tries again
    }
}
