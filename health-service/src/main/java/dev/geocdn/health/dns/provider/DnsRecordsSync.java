package dev.geocdn.health.dns.provider;

import dev.geocdn.protocol.topology.Membership;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Keeps one {@link DnsRecordsProvider} in step with the membership: each new membership is
 * turned into a {@link DnsPlan}, and a plan that differs from the last one applied is applied.
 *
 * <p>Concurrency: memberships arrive on the thread that recorded a probe, inside the
 * {@code HealthBook}'s publication; {@link #offer} only stores the latest one and wakes the
 * worker, so a slow or failing provider never delays probing. One worker thread per provider
 * does the rest (planning, the provider's HTTP calls), so calls to a provider never overlap and
 * a burst of memberships collapses into one apply of the latest.
 *
 * <p>Failure: a provider that throws is retried after {@link Backoff#delay}, doubling up to a
 * ceiling, with whatever plan is latest when the retry runs (memberships arriving meanwhile do
 * not cut the backoff short: hammering an API that is failing helps nobody). Nothing a provider
 * does reaches the health book. Best effort, honestly: while a provider fails, its records stay
 * as they were; {@code geocdn_dns_in_sync} says so.
 *
 * <p>Metrics: {@code geocdn_dns_sync_total{provider, outcome=applied|failed}} counts applies,
 * {@code geocdn_dns_in_sync{provider}} is 1 when the last plan was applied, else 0.
 */
public final class DnsRecordsSync implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DnsRecordsSync.class);

    /**
     * Retry delays: {@code initial}, doubled after each further failure, at most {@code max}.
     *
     * @param initial the delay after the first failure
     * @param max     the longest delay
     */
    public record Backoff(Duration initial, Duration max) {
        public Backoff {
            if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + ", " + max);
            }
        }

        /** The delay before the retry that follows {@code failures} consecutive failures (>= 1). */
        public Duration delay(int failures) {
            int doublings = Math.min(Math.max(failures, 1) - 1, 30);
            Duration d = initial.multipliedBy(1L << doublings);
            return d.compareTo(max) > 0 ? max : d;
        }
    }

    private final DnsRecordsProvider provider;
    private final Function<Membership, DnsPlan> planner;
    private final Backoff backoff;
    private final ScheduledExecutorService worker;
    private final Counter applied;
    private final Counter failed;
    private final AtomicInteger inSync = new AtomicInteger();
    private final AtomicReference<Membership> latest = new AtomicReference<>();
    private final AtomicBoolean woken = new AtomicBoolean();
    private volatile Disposable subscription;
    // worker thread only
    private DnsPlan lastApplied;
    private int failures;
    private ScheduledFuture<?> retry;

    public DnsRecordsSync(DnsRecordsProvider provider, Function<Membership, DnsPlan> planner, Backoff backoff,
                          MeterRegistry registry) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.planner = Objects.requireNonNull(planner, "planner");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.worker = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("geocdn-dns-" + provider.name()).factory());
        this.applied = counter(registry, "applied");
        this.failed = counter(registry, "failed");
        Gauge.builder("geocdn.dns.in.sync", inSync, AtomicInteger::get).tag("provider", provider.name())
                .description("1 when the provider holds the records of the latest membership").register(registry);
    }

    private Counter counter(MeterRegistry registry, String outcome) {
        return Counter.builder("geocdn.dns.sync").tag("provider", provider.name()).tag("outcome", outcome)
                .description("Applies of a DNS plan to a provider").register(registry);
    }

    /** Follows a stream of memberships (the health book's) until {@link #close()}. */
    public DnsRecordsSync start(Flux<Membership> memberships) {
        subscription = memberships.subscribe(this::offer,
                error -> log.error("{}: membership stream ended with an error; DNS records stay as they are",
                        provider.name(), error));
        return this;
    }

    /** Takes a membership to publish; returns at once. */
    public void offer(Membership membership) {
        latest.set(Objects.requireNonNull(membership, "membership"));
        if (woken.compareAndSet(false, true)) {
            try {
                worker.execute(this::wake);
            } catch (RejectedExecutionException closed) {
                // closed: nothing more to publish
            }
        }
    }

    private void wake() {
        woken.set(false);
        if (retry == null) {
            attempt();
        }
    }

    private void attempt() {
        retry = null;
        DnsPlan plan;
        try {
            plan = planner.apply(latest.get());
            if (plan.equals(lastApplied)) {
                return;
            }
            inSync.set(0);
            provider.apply(plan);
        } catch (RuntimeException e) {
            failures++;
            failed.increment();
            Duration delay = backoff.delay(failures);
            log.warn("{}: applying DNS records failed ({} in a row), retrying in {}: {}", provider.name(), failures,
                    delay, e.toString());
            try {
                retry = worker.schedule(this::attempt, delay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closed) {
                // closed while applying: nothing more to publish
            }
            return;
        }
        failures = 0;
        lastApplied = plan;
        applied.increment();
        inSync.set(1);
        if (plan.failOpen()) {
            log.warn("{}: every region is down; keeping all of them published (fail open)", provider.name());
        } else {
            log.info("{}: DNS records of {} published for {}, withdrawn for {}", provider.name(), plan.name(),
                    plan.published().stream().map(DnsPlan.Region::name).toList(), plan.withdrawn());
        }
    }

    @Override
    public void close() {
        Disposable s = subscription;
        if (s != null) {
            s.dispose();
        }
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
