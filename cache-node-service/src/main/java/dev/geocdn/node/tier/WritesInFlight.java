package dev.geocdn.node.tier;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The tier's writes in flight, numbered as they start, so that a purge can wait until every
 * write that started before it is done: a copy encoded before a purge's tombstones may reach
 * Redis after the purge deleted what it covers, and the purge's second pass deletes it then.
 * Thread-safe; waiting costs nothing while no purge waits.
 */
final class WritesInFlight {

    private record Waiter(long upTo, Sinks.Empty<Void> sink) {
    }

    private final AtomicLong numbers = new AtomicLong();
    private final ConcurrentSkipListSet<Long> running = new ConcurrentSkipListSet<>();
    private final List<Waiter> waiters = new ArrayList<>();

    /** A write starts; its number, to give back to {@link #done}. */
    long started() {
        long number = numbers.incrementAndGet();
        running.add(number);
        return number;
    }

    /** Write {@code number} is done, whatever its outcome. */
    void done(long number) {
        running.remove(number);
        List<Sinks.Empty<Void>> ready = new ArrayList<>();
        synchronized (waiters) {
            Iterator<Waiter> it = waiters.iterator();
            while (it.hasNext()) {
                Waiter waiter = it.next();
                if (settled(waiter.upTo())) {
                    it.remove();
                    ready.add(waiter.sink());
                }
            }
        }
        ready.forEach(Sinks.Empty::tryEmitEmpty);
    }

    /** Completes once every write started before this call is done. */
    Mono<Void> settled() {
        long upTo = numbers.get();
        if (settled(upTo)) {
            return Mono.empty();
        }
        Sinks.Empty<Void> sink = Sinks.empty();
        synchronized (waiters) {
            if (settled(upTo)) {
                return Mono.empty();
            }
            waiters.add(new Waiter(upTo, sink));
        }
        return sink.asMono();
    }

    private boolean settled(long upTo) {
        Long oldest = running.isEmpty() ? null : running.first();
        return oldest == null || oldest > upTo;
    }
}
