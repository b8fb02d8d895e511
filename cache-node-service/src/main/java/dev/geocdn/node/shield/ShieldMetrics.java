package dev.geocdn.node.shield;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * What became of the fills this node sent to a parent region, as
 * {@code geocdn_shield_requests_total{parent,outcome}}: {@code answered} (the parent's answer was
 * used), or why the fill went to the origin instead: {@code unreachable} (refused, timed out, or
 * skipped by the open breaker), {@code failed} (the parent answered 502, 503 or 504), or
 * {@code purged} (the parent's copy was filled before a purge this node has applied, so the
 * parent has not applied it yet). And what sibling regions said when asked for a copy before the
 * origin, as {@code geocdn_shield_sibling_requests_total{sibling,outcome}}: {@code hit} (its copy
 * served the fill), {@code miss} (it holds none fresh), {@code unreachable}, or {@code purged}.
 */
public final class ShieldMetrics {

    /** The outcome of one request to a parent. */
    public enum Outcome {
        ANSWERED, UNREACHABLE, FAILED, PURGED;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** What a sibling said when asked for a copy. */
    public enum SiblingOutcome {
        HIT, MISS, UNREACHABLE, PURGED;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();

    public ShieldMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void record(String parentRegion, Outcome outcome) {
        counters.computeIfAbsent(parentRegion + ' ' + outcome.name(), key -> Counter.builder("geocdn.shield.requests")
                        .description("Fills sent to a parent region, by what became of them")
                        .tag("parent", parentRegion).tag("outcome", outcome.tag())
                        .register(registry))
                .increment();
    }

    public void record(String siblingRegion, SiblingOutcome outcome) {
        counters.computeIfAbsent("sibling " + siblingRegion + ' ' + outcome.name(), key -> Counter
                        .builder("geocdn.shield.sibling.requests")
                        .description("Copies asked of a sibling region before the origin, by its answer")
                        .tag("sibling", siblingRegion).tag("outcome", outcome.tag())
                        .register(registry))
                .increment();
    }

    /** How many requests to {@code siblingRegion} ended with {@code outcome} so far. */
    public long count(String siblingRegion, SiblingOutcome outcome) {
        Counter counter = counters.get("sibling " + siblingRegion + ' ' + outcome.name());
        return counter == null ? 0 : (long) counter.count();
    }

    /** How many requests to {@code parentRegion} ended with {@code outcome} so far. */
    public long count(String parentRegion, Outcome outcome) {
        Counter counter = counters.get(parentRegion + ' ' + outcome.name());
        return counter == null ? 0 : (long) counter.count();
    }
}
