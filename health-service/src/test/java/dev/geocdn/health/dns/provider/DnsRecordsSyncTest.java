package dev.geocdn.health.dns.provider;

import dev.geocdn.health.membership.HealthBook;
import dev.geocdn.health.verdict.ProbeResult;
import dev.geocdn.health.verdict.Verdicts;
import dev.geocdn.protocol.topology.Membership;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.geocdn.health.dns.provider.PlanFixtures.membership;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

class DnsRecordsSyncTest {

    /** A provider that records every attempt, fails the first {@code failures}, and can be held. */
    static final class FakeProvider implements DnsRecordsProvider {
        record Attempt(DnsPlan plan, long nanos, boolean ok) {
        }

        final List<Attempt> attempts = new CopyOnWriteArrayList<>();
        final AtomicInteger failuresLeft;
        volatile CountDownLatch hold = new CountDownLatch(0);
        final CountDownLatch entered = new CountDownLatch(1);

        FakeProvider(int failures) {
            this.failuresLeft = new AtomicInteger(failures);
        }

        @Override
        public String name() {
            return "fake";
        }

        @Override
        public void apply(DnsPlan plan) {
            entered.countDown();
            try {
                hold.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            boolean ok = failuresLeft.getAndDecrement() <= 0;
            attempts.add(new Attempt(plan, System.nanoTime(), ok));
            if (!ok) {
                throw new IllegalStateException("API unavailable");
            }
        }

        List<Set<String>> appliedPublished() {
            return attempts.stream().filter(Attempt::ok).map(a -> published(a.plan())).toList();
        }
    }

    static Set<String> published(DnsPlan plan) {
        return Set.copyOf(plan.published().stream().map(DnsPlan.Region::name).toList());
    }

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<AutoCloseable> closing = new ArrayList<>();

    private DnsRecordsSync sync(FakeProvider provider, Duration initial, Duration max) {
        DnsRecordsSync sync = new DnsRecordsSync(provider, PlanFixtures::plan, new DnsRecordsSync.Backoff(initial, max), registry);
        closing.add(sync);
        return sync;
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    @Test
    void aChangedPlan_isApplied_andAnEqualOneIsNot() {
        FakeProvider provider = new FakeProvider(0);
        DnsRecordsSync sync = sync(provider, Duration.ofMillis(10), Duration.ofMillis(10));

        sync.offer(membership(Set.of("us-west", "us-east", "eu-west"), 1, "all fine"));
        await().atMost(Duration.ofSeconds(5)).until(() -> provider.attempts.size() == 1);
        sync.offer(membership(Set.of("us-west", "us-east", "eu-west"), 2, "a node is flapping"));
        sync.offer(membership(Set.of("us-west", "us-east"), 3, "eu-west lost its nodes"));
        await().atMost(Duration.ofSeconds(5)).until(() -> provider.attempts.size() >= 2);

        assertThat(provider.appliedPublished()).containsExactly(
                Set.of("us-west", "us-east", "eu-west"), Set.of("us-west", "us-east"));
    }

    @Test
    void aBurstOfMemberships_whileAnApplyRuns_collapsesIntoTheLatest() throws InterruptedException {
        FakeProvider provider = new FakeProvider(0);
        provider.hold = new CountDownLatch(1);
        DnsRecordsSync sync = sync(provider, Duration.ofMillis(10), Duration.ofMillis(10));

        sync.offer(membership(Set.of("us-west", "us-east", "eu-west")));
        assertThat(provider.entered.await(5, TimeUnit.SECONDS)).isTrue();
        sync.offer(membership(Set.of("us-west", "us-east")));
        sync.offer(membership(Set.of("us-west")));
        sync.offer(membership(Set.of("eu-west")));
        provider.hold.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> provider.attempts.size() == 2);

        assertThat(provider.appliedPublished()).containsExactly(Set.of("us-west", "us-east", "eu-west"), Set.of("eu-west"));
    }

    @Test
    void aFailingProvider_isRetriedWithGrowingDelays_untilItSucceeds() {
        FakeProvider provider = new FakeProvider(3);
        DnsRecordsSync sync = sync(provider, Duration.ofMillis(40), Duration.ofMillis(100));

        sync.offer(membership(Set.of("us-west")));
        await().atMost(Duration.ofSeconds(5)).until(() -> provider.attempts.size() == 4);

        assertThat(provider.attempts).extracting(FakeProvider.Attempt::ok).containsExactly(false, false, false, true);
        List<Long> gapsMillis = new ArrayList<>();
        for (int i = 1; i < provider.attempts.size(); i++) {
            gapsMillis.add(TimeUnit.NANOSECONDS.toMillis(provider.attempts.get(i).nanos() - provider.attempts.get(i - 1).nanos()));
        }
        // 40, 80, then 160 capped at 100 ms; a scheduled task never runs early
        assertThat(gapsMillis.get(0)).isGreaterThanOrEqualTo(39);
        assertThat(gapsMillis.get(1)).isGreaterThanOrEqualTo(79);
        assertThat(gapsMillis.get(2)).isGreaterThanOrEqualTo(99);
        assertThat(provider.appliedPublished()).containsExactly(Set.of("us-west"));
    }

    @Test
    void aMembershipArrivingDuringBackoff_isWhatTheRetryApplies_andDoesNotCutTheBackoffShort() {
        FakeProvider provider = new FakeProvider(1);
        DnsRecordsSync sync = sync(provider, Duration.ofMillis(300), Duration.ofMillis(300));

        sync.offer(membership(Set.of("us-west", "us-east")));
        await().atMost(Duration.ofSeconds(5)).until(() -> provider.attempts.size() == 1);
        sync.offer(membership(Set.of("us-east")));
        await().atMost(Duration.ofSeconds(5)).until(() -> provider.attempts.size() == 2);

        assertThat(provider.attempts).extracting(a -> published(a.plan()))
                .containsExactly(Set.of("us-west", "us-east"), Set.of("us-east"));
        long gap = provider.attempts.get(1).nanos() - provider.attempts.get(0).nanos();
        assertThat(TimeUnit.NANOSECONDS.toMillis(gap)).isGreaterThanOrEqualTo(299);
    }

    @Test
    void outcomes_areCountedAndExportedWithPrometheusNames() {
        FakeProvider provider = new FakeProvider(2);
        DnsRecordsSync sync = sync(provider, Duration.ofMillis(10), Duration.ofMillis(10));

        sync.offer(membership(Set.of("us-west")));
        await().atMost(Duration.ofSeconds(5)).until(() -> provider.attempts.size() == 3);
        await().atMost(Duration.ofSeconds(5)).until(() -> registry.scrape().contains("geocdn_dns_in_sync{provider=\"fake\"} 1.0"));

        String scrape = registry.scrape();
        assertThat(scrape).contains("geocdn_dns_sync_total{outcome=\"failed\",provider=\"fake\"} 2.0")
                .contains("geocdn_dns_sync_total{outcome=\"applied\",provider=\"fake\"} 1.0");
    }

    @Test
    void aProviderThatAlwaysFails_neverBreaksTheHealthBookOrItsOtherSubscribers() {
        FakeProvider provider = new FakeProvider(Integer.MAX_VALUE);
        Map<String, Membership.RegionSpec> topology = Map.of("us-west", new Membership.RegionSpec(null, null,
                List.of(new Membership.NodeSpec("us-west-1", URI.create("http://127.0.0.1:1"), null))));
        HealthBook book = new HealthBook(topology, new Verdicts.Thresholds(1, 1), Clock.systemUTC());
        List<Membership> seenByGateways = new CopyOnWriteArrayList<>();
        closing.add(book.stream().subscribe(seenByGateways::add)::dispose);
        sync(provider, Duration.ofMillis(5), Duration.ofMillis(5)).start(book.stream());

        assertThatCode(() -> {
            book.record("us-west-1", ProbeResult.ok("200"));
            await().atMost(Duration.ofSeconds(5)).until(() -> provider.attempts.size() >= 2);
            book.record("us-west-1", ProbeResult.failed("refused"));
            book.record("us-west-1", ProbeResult.ok("200"));
        }).doesNotThrowAnyException();

        assertThat(seenByGateways).hasSize(3);
        assertThat(book.current().upRegions()).containsExactly("us-west");
        assertThat(provider.attempts).noneMatch(FakeProvider.Attempt::ok);
    }

    @ParameterizedTest(name = "failure {0} of {1}..{2} ms waits {3} ms")
    @CsvSource({
            "1, 1000, 60000, 1000",
            "2, 1000, 60000, 2000",
            "3, 1000, 60000, 4000",
            "7, 1000, 60000, 60000",
            "40, 1000, 60000, 60000",
            "1, 500, 500, 500"})
    void backoff_doublesUpToItsCeiling(int failures, long initialMillis, long maxMillis, long expectedMillis) {
        DnsRecordsSync.Backoff backoff = new DnsRecordsSync.Backoff(Duration.ofMillis(initialMillis), Duration.ofMillis(maxMillis));

        assertThat(backoff.delay(failures)).isEqualTo(Duration.ofMillis(expectedMillis));
    }
}
