package dev.geocdn.node.tier;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class WritesInFlightTest {

    @Test
    void settled_waitsForTheWritesStartedBefore_notForLaterOnes() {
        WritesInFlight writes = new WritesInFlight();
        AtomicBoolean idle = new AtomicBoolean();
        writes.settled().subscribe(null, null, () -> idle.set(true));
        assertThat(idle).as("nothing in flight").isTrue();

        long first = writes.started();
        long second = writes.started();
        AtomicBoolean settled = new AtomicBoolean();
        writes.settled().subscribe(null, null, () -> settled.set(true));
        long later = writes.started();

        writes.done(second);
        assertThat(settled).as("the first write is still in flight").isFalse();
        writes.done(first);
        assertThat(settled).as("both earlier writes done; the later one does not count").isTrue();
        writes.done(later);
    }
}
