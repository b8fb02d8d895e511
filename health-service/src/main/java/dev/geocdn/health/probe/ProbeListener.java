package dev.geocdn.health.probe;

import dev.geocdn.health.verdict.ProbeResult;

import java.time.Duration;

/** Hears every finished probe: of which kind of target, how it went and how long it took. */
@FunctionalInterface
public interface ProbeListener {

    /** The kind of a probe of a cache node. */
    String NODE = "node";
    /** The kind of a probe of a regional gateway. */
    String GATEWAY = "gateway";

    /**
     * Called on the thread that finished the probe, after its result was recorded.
     *
     * @param kind   {@link #NODE} or {@link #GATEWAY}
     * @param result what the probe saw (a timeout is a failed result)
     * @param took   from the probe's start to its result
     */
    void probed(String kind, ProbeResult result, Duration took);
}
