package dev.geocdn.cache.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("SlabAllocator under concurrency: no corruption, no leak, no double free")
class SlabAllocatorConcurrency_Test {

    private static final int PAGE = 4096;
    private static final int SLAB = 16 * PAGE;
    private static final int THREADS = 4;

    /** Small enough that threads run out of room and reuse each other's memory all the time. */
    private final SlabAllocator allocator = new SlabAllocator(8 * SLAB, SLAB, PAGE);
    private final ExecutorService threads = Executors.newFixedThreadPool(THREADS + 1);

    /** A body with the seed its content was made from. */
    private record Seeded(OffHeapBody body, long seed) {
    }

    @AfterEach
    void close() {
        threads.shutdownNow();
        allocator.close();
    }

    /**
     * Four threads allocate bodies of random sizes (small and large, known and unknown length),
     * fill them, verify them, hand some to each other through shared slots, and release them,
     * often on another thread than the one that allocated them; every body read must hold its
     * own content, and at the end all memory is free, once.
     */
    @Test
    void fourThreads_allocatingWritingVerifyingAndReleasing_neverCorruptAnyBody_andFreeEverything() throws Exception {
        AtomicReferenceArray<Seeded> exchange = new AtomicReferenceArray<>(8);
        List<Future<int[]>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            long threadSeed = t;
            workers.add(threads.submit(() -> work(threadSeed, exchange)));
        }
        int bodies = 0;
        int refused = 0;
        for (Future<int[]> worker : workers) {
            int[] counts = worker.get(120, TimeUnit.SECONDS);
            bodies += counts[0];
            refused += counts[1];
        }
        for (int i = 0; i < exchange.length(); i++) {
            Seeded left = exchange.getAndSet(i, null);
            if (left != null) {
                assertThat(Content.isSeeded(left.body(), left.seed())).isTrue();
                left.body().release();
            }
        }

        AllocatorStats stats = allocator.stats();
        assertThat(bodies).isEqualTo(THREADS * 3000);
        assertThat(refused).as("the capacity was reached, so memory was reused").isPositive();
        assertThat(stats.allocatedBytes()).isZero();
        assertThat(stats.requestedBytes()).isZero();
        assertThat(stats.splitPages()).isZero();
        assertThat(stats.reservedBytes()).isLessThanOrEqualTo(allocator.capacityBytes());
        assertThat((long) stats.freePages() * PAGE).as("every page back, once").isEqualTo(stats.reservedBytes());
    }

    /** @return bodies made, allocations refused */
    private int[] work(long threadSeed, AtomicReferenceArray<Seeded> exchange) {
        SplittableRandom random = new SplittableRandom(threadSeed);
        ArrayDeque<Seeded> live = new ArrayDeque<>();
        int made = 0;
        int refused = 0;
        while (made < 3000) {
            long seed = threadSeed * 1_000_000 + made;
            int length = random.nextBoolean() ? random.nextInt(PAGE / 2 + 1) : random.nextInt(8 * PAGE);
            boolean known = random.nextInt(3) > 0;
            BodyWriter writer = known ? allocator.allocate(length) : allocator.allocateGrowing();
            if (writer == null) {
                refused++;
                releaseOldest(live);
                continue;
            }
            if (!Content.writeSeeded(writer, seed, length, 1 + random.nextInt(3 * PAGE))) {
                refused++;
                writer.abort();
                releaseOldest(live);
                continue;
            }
            OffHeapBody body = writer.complete();
            made++;
            assertThat(Content.isSeeded(body, seed)).as("a new body").isTrue();
            live.addLast(new Seeded(body, seed));
            if (!live.isEmpty()) {
                Seeded any = live.toArray(Seeded[]::new)[random.nextInt(live.size())];
                assertThat(Content.isSeeded(any.body(), any.seed())).as("a live body").isTrue();
            }
            if (random.nextInt(4) == 0) {
                Seeded theirs = exchange.getAndSet(random.nextInt(exchange.length()), live.pollFirst());
                if (theirs != null) {
                    assertThat(Content.isSeeded(theirs.body(), theirs.seed())).as("another thread's body").isTrue();
                    theirs.body().release();
                }
            }
            if (live.size() > 12) {
                releaseOldest(live);
            }
        }
        while (!live.isEmpty()) {
            releaseOldest(live);
        }
        return new int[] {made, refused};
    }

    private static void releaseOldest(ArrayDeque<Seeded> live) {
        Seeded oldest = live.pollFirst();
        if (oldest != null) {
            assertThat(Content.isSeeded(oldest.body(), oldest.seed())).as("a body about to be released").isTrue();
            oldest.body().release();
        }
    }

    /** A reader on another thread follows a growing fill and always sees the bytes written. */
    @Test
    void aReaderOnAnotherThread_followsAFill_andSeesEveryByteAsWritten() throws Exception {
        long seed = 42;
        long length = 5L * SLAB + 1234;
        BodyWriter writer = allocator.allocateGrowing();
        assertThat(writer.retain()).isTrue();
        Future<Long> reader = threads.submit(() -> {
            long position = 0;
            try {
                while (position < length) {
                    long available = writer.written();
                    if (available > position) {
                        assertThat(Content.isSeeded(writer.slices(position, available), seed, position)).isTrue();
                        position = available;
                    } else {
                        Thread.onSpinWait();
                    }
                }
                return position;
            } finally {
                writer.release();
            }
        });

        assertThat(Content.writeSeeded(writer, seed, length, 777)).isTrue();
        OffHeapBody body = writer.complete();

        assertThat(reader.get(60, TimeUnit.SECONDS)).isEqualTo(length);
        assertThat(Content.isSeeded(body, seed)).isTrue();
        body.release();
        assertThat(allocator.stats().allocatedBytes()).isZero();
    }

    /**
     * A reader's retain racing the owner's last release either wins, and then reads intact
     * bytes, or loses and is told so; memory is never revived nor freed twice.
     */
    @Test
    void aRetainRacingTheLastRelease_eitherReadsIntactBytesOrIsRefused() throws Exception {
        int won = 0;
        for (int round = 0; round < 2000; round++) {
            long seed = round;
            BodyWriter writer = allocator.allocate(2 * PAGE);
            Content.writeSeeded(writer, seed, 2 * PAGE, PAGE);
            OffHeapBody body = writer.complete();
            Future<Boolean> reader = threads.submit(() -> {
                if (!body.retain()) {
                    return false;
                }
                try {
                    assertThat(Content.isSeeded(body, seed)).isTrue();
                    return true;
                } finally {
                    body.release();
                }
            });
            body.release();
            if (reader.get(10, TimeUnit.SECONDS)) {
                won++;
            }
            assertThat(body.refCnt()).isZero();
            assertThat(allocator.stats().allocatedBytes()).isZero();
        }
        assertThat(won).isBetween(0, 2000);
    }
}
