package dev.geocdn.gateway.latency;

import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The smoothed round-trip time from this gateway to each region, as its prober measures it:
 * an exponentially weighted moving average (weight {@value #ALPHA} for the newest sample, as
 * TCP's SRTT uses 1/8 with more samples; probes are rarer, so newer ones weigh more).
 * A failed probe is not a sample: the health service, not RTT, says whether a region is up.
 */
public final class RegionLatencies {

    /** Weight of the newest sample. */
    static final double ALPHA = 0.3;

    /** A region and its smoothed RTT. */
    public record Nearest(String region, double rttMillis) {
    }

    private final Map<String, Double> smoothed = new ConcurrentHashMap<>();

    public void record(String region, Duration rtt) {
        double sample = rtt.toNanos() / 1e6;
        smoothed.merge(region, sample, (old, x) -> ALPHA * x + (1 - ALPHA) * old);
    }

    public Optional<Double> rttMillis(String region) {
        return Optional.ofNullable(smoothed.get(region));
    }

    /** The measured region with the lowest RTT among the candidates. */
    public Optional<Nearest> nearest(Collection<String> candidates) {
        return candidates.stream().filter(smoothed::containsKey)
                .map(r -> new Nearest(r, smoothed.get(r)))
                .min(Comparator.comparingDouble(Nearest::rttMillis).thenComparing(Nearest::region));
    }

    public Map<String, Double> snapshot() {
        return Map.copyOf(smoothed);
    }
}
