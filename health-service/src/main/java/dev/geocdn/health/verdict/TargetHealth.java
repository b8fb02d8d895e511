package dev.geocdn.health.verdict;

import dev.geocdn.protocol.topology.State;

import java.time.Instant;

/**
 * What the health service believes of one target (node or gateway) between probes.
 *
 * @param state     up or down
 * @param probed    whether any probe has answered yet
 * @param failures  consecutive failed probes
 * @param successes consecutive good probes
 * @param reason    why it is in its state, for operators
 * @param since     when it entered its state
 */
public record TargetHealth(State state, boolean probed, int failures, int successes, String reason, Instant since) {

    /** A target nobody has probed yet: down until its first good probe. */
    public static TargetHealth unprobed(Instant now) {
        return new TargetHealth(State.DOWN, false, 0, 0, "not probed yet", now);
    }
}
