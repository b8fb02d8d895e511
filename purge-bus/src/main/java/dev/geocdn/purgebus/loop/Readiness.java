package dev.geocdn.purgebus.loop;

import dev.geocdn.purgebus.loop.ConsumerLoop.Stage;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * How far a {@link ConsumerLoop} has come since it started: positioned, then caught up with
 * the end offsets its partitions had when they were positioned. Both are reached once and kept.
 *
 * <p>The loop's thread moves it on; any thread reads it or waits for it. Waiting is on latches,
 * which {@link #stopped} releases, so no waiter outlives the loop.
 */
final class Readiness {

    private final CountDownLatch positioned = new CountDownLatch(1);
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    /** The end offsets to reach before the loop is caught up; the loop thread's own. */
    private final Map<TopicPartition, Long> targets = new HashMap<>();
    private volatile Stage stage = Stage.STARTING;

    /** Partitions got positions; {@code ends} are their end offsets then, to catch up with. */
    void positioned(Map<TopicPartition, Long> ends) {
        if (stage == Stage.STARTING || stage == Stage.POSITIONED) {
            targets.putAll(ends);
            stage = Stage.POSITIONED;
            positioned.countDown();
        }
    }

    /** Partitions no longer read: no longer waited for. */
    void released(Collection<TopicPartition> partitions) {
        partitions.forEach(targets::remove);
    }

    /** Moves to caught up when every target is reached; {@code doneUpTo} tells how far a partition is done. */
    boolean check(ToLongFunction<TopicPartition> doneUpTo) {
        if (stage != Stage.POSITIONED) {
            return stage == Stage.CAUGHT_UP;
        }
        for (Map.Entry<TopicPartition, Long> target : targets.entrySet()) {
            if (doneUpTo.applyAsLong(target.getKey()) < target.getValue()) {
                return false;
            }
        }
        targets.clear();
        stage = Stage.CAUGHT_UP;
        caughtUp.countDown();
        return true;
    }

    void stopped() {
        stage = Stage.STOPPED;
        positioned.countDown();
        caughtUp.countDown();
    }

    Stage stage() {
        return stage;
    }

    /** Waits up to {@code timeout} for {@code wanted} (positioned or caught up); returns the stage then. */
    Stage await(Stage wanted, Duration timeout) throws InterruptedException {
        CountDownLatch latch = switch (wanted) {
            case POSITIONED -> positioned;
            case CAUGHT_UP -> caughtUp;
            case STARTING, STOPPED -> throw new IllegalArgumentException("cannot wait for " + wanted);
        };
        latch.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        return stage;
    }
}
