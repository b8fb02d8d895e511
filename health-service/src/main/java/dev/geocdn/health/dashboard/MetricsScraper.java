package dev.geocdn.health.dashboard;

import dev.geocdn.health.membership.HealthBook;
import dev.geocdn.protocol.topology.Membership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Scrapes every node's and regional gateway's {@code /actuator/prometheus} (their management
 * URLs, {@code cdn.health.regions.*}) every {@code interval} into the {@link TrafficHistory},
 * while someone watches the dashboard.
 *
 * <p>Scrapes use the JDK's HTTP client on virtual threads, as the probes do, with
 * {@code timeout} for connecting and for the whole answer, so a hung target costs a parked
 * thread and a missing point, never a late scrape of another target. A target whose previous
 * scrape is still running is skipped for that round rather than asked twice. Failures are not
 * logged per scrape (a stopped node would log every second); the health service's verdicts
 * say why a target is down, and its figures fade out of the window.
 */
public final class MetricsScraper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsScraper.class);

    /** A target: its id in the {@link TrafficHistory} and where its metrics are. */
    record Target(String id, URI metrics, AtomicBoolean busy) {
    }

    private final List<Target> targets = new ArrayList<>();
    private final TrafficHistory history;
    private final BooleanSupplier watched;
    private final Duration timeout;
    private final Clock clock;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("geocdn-health-dashboard").factory());

    /**
     * Starts scraping at once (each round only while {@code watched} says so).
     *
     * @param topology every region's gateway and nodes; those without a management URL are not scraped
     */
    public MetricsScraper(Map<String, Membership.RegionSpec> topology, TrafficHistory history, BooleanSupplier watched,
                          Duration interval, Duration timeout, Clock clock) {
        this.history = history;
        this.watched = watched;
        this.timeout = timeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).executor(threads).build();
        topology.forEach((region, spec) -> {
            spec.nodes().stream().filter(n -> n.management() != null).forEach(n -> targets.add(
                    new Target(n.id(), metrics(n.management()), new AtomicBoolean())));
            if (spec.gatewayManagement() != null) {
                targets.add(new Target(HealthBook.gatewayTarget(region), metrics(spec.gatewayManagement()),
                        new AtomicBoolean()));
            }
        });
        long period = Math.max(10, interval.toMillis());
        ticker.scheduleAtFixedRate(this::round, 0, period, TimeUnit.MILLISECONDS);
    }

    private static URI metrics(URI management) {
        return management.resolve("/actuator/prometheus");
    }

    private void round() {
        if (!watched.getAsBoolean()) {
            return;
        }
        targets.forEach(this::scrape);
    }

    private void scrape(Target target) {
        if (!target.busy().compareAndSet(false, true)) {
            return;
        }
        HttpRequest request = HttpRequest.newBuilder(target.metrics()).timeout(timeout)
                .header("Accept", "text/plain;version=0.0.4").GET().build();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenAccept(response -> {
                    if (response.statusCode() == 200) {
                        history.record(target.id(), clock.instant(),
                                Counters.of(PrometheusText.parse(response.body(), Counters.PREFIX)));
                    }
                })
                .whenComplete((done, error) -> {
                    target.busy().set(false);
                    if (error != null && error.getCause() instanceof IllegalArgumentException malformed) {
                        LOG.warn("the metrics of {} at {} are unreadable: {}", target.id(), target.metrics(),
                                malformed.getMessage());
                    }
                });
    }

    /** The targets scraped, for tests. */
    List<Target> targets() {
        return List.copyOf(targets);
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        threads.shutdownNow();
        http.close();
    }
}
