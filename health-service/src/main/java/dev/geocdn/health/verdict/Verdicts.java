package dev.geocdn.health.verdict;

import dev.geocdn.protocol.topology.NodeStatus;
import dev.geocdn.protocol.topology.State;

import java.time.Instant;
import java.util.List;

/**
 * The health decisions, as pure functions with a reason (as Traffic Monitor's health verdicts
 * return {@code (available, reason)}): time is passed in, nothing is read from the world.
 *
 * <p>Hysteresis: an up target leaves after {@code failuresToLeave} consecutive failed probes,
 * so one lost packet does not flap it; a target that left returns after
 * {@code successesToReturn} consecutive good ones, so a crash-looping node is not sent traffic
 * between crashes. A target never probed before is up on its first good probe, so a starting
 * world is usable at once.
 */
public final class Verdicts {

    /** The hysteresis. */
    public record Thresholds(int failuresToLeave, int successesToReturn) {
        public Thresholds {
            if (failuresToLeave < 1 || successesToReturn < 1) {
                throw new IllegalArgumentException("thresholds must be at least 1");
            }
        }
    }

    /** A region's state and why. */
    public record RegionVerdict(State state, String reason) {
    }

    private Verdicts() {
    }

    /** The target's health after one more probe. */
    public static TargetHealth next(TargetHealth current, ProbeResult probe, Thresholds thresholds, Instant now) {
        if (probe.ok()) {
            int successes = current.successes() + 1;
            if (current.state() == State.UP) {
                return new TargetHealth(State.UP, true, 0, successes, "probe ok: " + probe.detail(), current.since());
            }
            if (!current.probed() || successes >= thresholds.successesToReturn()) {
                String why = current.probed()
                        ? successes + " probes ok: " + probe.detail() : "first probe ok: " + probe.detail();
                return new TargetHealth(State.UP, true, 0, successes, why, now);
            }
            return new TargetHealth(State.DOWN, true, 0, successes, "recovering (" + successes + "/"
                    + thresholds.successesToReturn() + " probes ok): " + probe.detail(), current.since());
        }
        int failures = current.failures() + 1;
        if (current.state() == State.DOWN) {
            return new TargetHealth(State.DOWN, true, failures, 0, failures + " probes failed: " + probe.detail(),
                    current.since());
        }
        if (failures >= thresholds.failuresToLeave()) {
            return new TargetHealth(State.DOWN, true, failures, 0, failures + " probes failed: " + probe.detail(), now);
        }
        return new TargetHealth(State.UP, true, failures, 0, "still up (" + failures + "/"
                + thresholds.failuresToLeave() + " probes failed): " + probe.detail(), current.since());
    }

    /**
     * A region is up when its gateway (if it has one) is up and at least one of its nodes is:
     * without either, its clients must go to the next-nearest region.
     *
     * @param gateway the gateway's health; null for a region without a gateway
     */
    public static RegionVerdict region(TargetHealth gateway, List<NodeStatus> nodes) {
        if (gateway != null && gateway.state() == State.DOWN) {
            return new RegionVerdict(State.DOWN, "gateway down: " + gateway.reason());
        }
        long up = nodes.stream().filter(NodeStatus::isUp).count();
        if (up == 0) {
            return new RegionVerdict(State.DOWN, nodes.isEmpty() ? "no nodes configured" : "no healthy node");
        }
        return new RegionVerdict(State.UP, up + " of " + nodes.size() + " nodes up");
    }
}
