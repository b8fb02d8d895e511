package dev.geocdn.cache.collapse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.geocdn.cache.collapse.RequestCollapser.Join;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Request collapsing: one fill per key, others wait for it")
class RequestCollapser_Test {

    private final RequestCollapser<String, String> collapser = new RequestCollapser<>(2);

    @Test
    void firstJoin_leads_othersWaitForTheLeadersOutcome() {
        Join<String> first = collapser.join("k");
        Join<String> second = collapser.join("k");
        Join<String> third = collapser.join("k");

        assertThat(first).isInstanceOf(Join.Lead.class);
        assertThat(second).isInstanceOf(Join.Wait.class);
        assertThat(third).isInstanceOf(Join.Wait.class);
        assertThat(((Join.Lead<String>) first).flight().waiters()).isEqualTo(2);
        assertThat(((Join.Wait<String>) second).outcome()).isNotDone();

        ((Join.Lead<String>) first).flight().complete("response");

        assertThat(((Join.Wait<String>) second).outcome()).isCompletedWithValue("response");
        assertThat(((Join.Wait<String>) third).outcome()).isCompletedWithValue("response");
    }

    @Test
    void differentKeys_leadTheirOwnFlights() {
        assertThat(collapser.join("a")).isInstanceOf(Join.Lead.class);
        assertThat(collapser.join("b")).isInstanceOf(Join.Lead.class);
        assertThat(collapser.inFlight()).isEqualTo(2);
    }

    @ParameterizedTest(name = "with at most {0} waiters, join number {1} is {2}")
    @CsvSource({
        "0, 1, Lead",
        "0, 2, Overflow",
        "2, 2, Wait",
        "2, 3, Wait",
        "2, 4, Overflow",
        "2, 5, Overflow",
    })
    void waitersBeyondTheBound_overflow(int maxWaiters, int joinNumber, String expected) {
        RequestCollapser<String, String> bounded = new RequestCollapser<>(maxWaiters);
        Join<String> join = null;
        for (int i = 0; i < joinNumber; i++) {
            join = bounded.join("k");
        }
        assertThat(join.getClass().getSimpleName()).isEqualTo(expected);
    }

    @Test
    void overflow_doesNotTakeAWaiterSlot() {
        Join.Lead<String> lead = (Join.Lead<String>) collapser.join("k");
        collapser.join("k");
        collapser.join("k");
        assertThat(collapser.join("k")).isInstanceOf(Join.Overflow.class);
        assertThat(collapser.join("k")).isInstanceOf(Join.Overflow.class);
        assertThat(lead.flight().waiters()).isEqualTo(2);
    }

    @Test
    void afterComplete_theNextJoinLeadsANewFlight() {
        Join.Lead<String> first = (Join.Lead<String>) collapser.join("k");
        first.flight().complete("one");
        assertThat(collapser.inFlight()).isZero();

        Join<String> next = collapser.join("k");
        assertThat(next).isInstanceOf(Join.Lead.class);
        assertThat(((Join.Lead<String>) next).flight()).isNotSameAs(first.flight());
        Join<String> waiter = collapser.join("k");
        ((Join.Lead<String>) next).flight().complete("two");
        assertThat(((Join.Wait<String>) waiter).outcome()).isCompletedWithValue("two");
    }

    @Test
    void fail_propagatesToEveryWaiter_andEndsTheFlight() {
        Join.Lead<String> lead = (Join.Lead<String>) collapser.join("k");
        Join.Wait<String> waiter = (Join.Wait<String>) collapser.join("k");
        IOException error = new IOException("origin down");

        lead.flight().fail(error);

        assertThat(waiter.outcome()).isCompletedExceptionally();
        assertThat(waiter.outcome().handle((v, e) -> e).join()).isSameAs(error);
        assertThat(collapser.inFlight()).isZero();
        assertThat(collapser.join("k")).isInstanceOf(Join.Lead.class);
    }

    @Test
    void endingAnOldFlightTwice_doesNotEndTheNewOne() {
        Join.Lead<String> old = (Join.Lead<String>) collapser.join("k");
        old.flight().complete("one");
        Join.Lead<String> current = (Join.Lead<String>) collapser.join("k");

        old.flight().complete("again");
        old.flight().fail(new IOException("late"));

        assertThat(collapser.inFlight()).isEqualTo(1);
        assertThat(collapser.join("k")).isInstanceOf(Join.Wait.class);
        current.flight().complete("two");
    }

    @Test
    void negativeBound_isRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> new RequestCollapser<String, String>(-1));
    }

    @Test
    @Timeout(30)
    void concurrentJoins_electExactlyOneLeader() throws Exception {
        RequestCollapser<String, Integer> shared = new RequestCollapser<>(1_000);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Join<Integer>>> joins = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                joins.add(pool.submit(() -> {
                    start.await();
                    return shared.join("k");
                }));
            }
            start.countDown();
            List<Join<Integer>> results = new ArrayList<>();
            for (Future<Join<Integer>> f : joins) {
                results.add(f.get(10, TimeUnit.SECONDS));
            }
            List<Join.Lead<Integer>> leads = results.stream()
                    .filter(j -> j instanceof Join.Lead).map(j -> (Join.Lead<Integer>) j).toList();
            assertThat(leads).hasSize(1);
            leads.get(0).flight().complete(7);
            results.stream().filter(j -> j instanceof Join.Wait)
                    .forEach(j -> assertThat(((Join.Wait<Integer>) j).outcome().join()).isEqualTo(7));
            assertThat(leads.get(0).flight().waiters()).isEqualTo(threads - 1);
        } finally {
            pool.shutdownNow();
        }
    }
}
