package dev.geocdn.health.verdict;

import dev.geocdn.protocol.topology.NodeStatus;
import dev.geocdn.protocol.topology.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VerdictsTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    /** The time of probe {@code i} (1-based); probe 0 is the creation of the unprobed record. */
    private static Instant t(int i) {
        return T0.plusSeconds(i);
    }

    /** Probe {@code i} of a sequence: '+' is a good probe, '-' a failed one. */
    private static ProbeResult probe(char outcome, int i) {
        return switch (outcome) {
            case '+' -> ProbeResult.ok("200 in " + i + " ms");
            case '-' -> ProbeResult.failed("refused #" + i);
            default -> throw new IllegalArgumentException("outcome must be + or -, got " + outcome);
        };
    }

    /** Every state of a never-probed target along a sequence of probes; element 0 is the unprobed one. */
    private static List<TargetHealth> run(String outcomes, Verdicts.Thresholds thresholds) {
        List<TargetHealth> states = new ArrayList<>();
        TargetHealth health = TargetHealth.unprobed(t(0));
        states.add(health);
        for (int i = 1; i <= outcomes.length(); i++) {
            health = Verdicts.next(health, probe(outcomes.charAt(i - 1), i), thresholds, t(i));
            states.add(health);
        }
        return states;
    }

    @ParameterizedTest(name = "[{0}/{1}] {2} -> {3} since probe {5}: {4}")
    @CsvSource(delimiter = '|', textBlock = """
            # N | M | probes     | state | reason                                   | since probe | failures | successes
              3 | 2 | +          | UP    | first probe ok: 200 in 1 ms              | 1 | 0 | 1
              3 | 2 | ++++       | UP    | probe ok: 200 in 4 ms                    | 1 | 0 | 4
              3 | 2 | +-         | UP    | still up (1/3 probes failed): refused #2 | 1 | 1 | 0
              3 | 2 | +--        | UP    | still up (2/3 probes failed): refused #3 | 1 | 2 | 0
              3 | 2 | +---       | DOWN  | 3 probes failed: refused #4              | 4 | 3 | 0
              3 | 2 | +----      | DOWN  | 4 probes failed: refused #5              | 4 | 4 | 0
              3 | 2 | +--+       | UP    | probe ok: 200 in 4 ms                    | 1 | 0 | 1
              3 | 2 | +--+--     | UP    | still up (2/3 probes failed): refused #6 | 1 | 2 | 0
              3 | 2 | +--+---    | DOWN  | 3 probes failed: refused #7              | 7 | 3 | 0
              3 | 2 | +-+-+-+-   | UP    | still up (1/3 probes failed): refused #8 | 1 | 1 | 0
              3 | 2 | +---+      | DOWN  | recovering (1/2 probes ok): 200 in 5 ms  | 4 | 0 | 1
              3 | 2 | +---++     | UP    | 2 probes ok: 200 in 6 ms                 | 6 | 0 | 2
              3 | 2 | +---+++    | UP    | probe ok: 200 in 7 ms                    | 6 | 0 | 3
              3 | 2 | +---+-     | DOWN  | 1 probes failed: refused #6              | 4 | 1 | 0
              3 | 2 | +---+-+    | DOWN  | recovering (1/2 probes ok): 200 in 7 ms  | 4 | 0 | 1
              3 | 2 | +---+-++   | UP    | 2 probes ok: 200 in 8 ms                 | 8 | 0 | 2
              3 | 2 | -          | DOWN  | 1 probes failed: refused #1              | 0 | 1 | 0
              3 | 2 | ---        | DOWN  | 3 probes failed: refused #3              | 0 | 3 | 0
              3 | 2 | -+         | DOWN  | recovering (1/2 probes ok): 200 in 2 ms  | 0 | 0 | 1
              3 | 2 | -++        | UP    | 2 probes ok: 200 in 3 ms                 | 3 | 0 | 2
              1 | 1 | +-         | DOWN  | 1 probes failed: refused #2              | 2 | 1 | 0
              1 | 1 | +-+        | UP    | 1 probes ok: 200 in 3 ms                 | 3 | 0 | 1
              5 | 3 | +----      | UP    | still up (4/5 probes failed): refused #5 | 1 | 4 | 0
              5 | 3 | +-----++   | DOWN  | recovering (2/3 probes ok): 200 in 8 ms  | 6 | 0 | 2
              5 | 3 | +-----+++  | UP    | 3 probes ok: 200 in 9 ms                 | 9 | 0 | 3
            """)
    void aSequenceOfProbes_endsInTheExpectedStateReasonAndSince(int failuresToLeave, int successesToReturn, String probes,
                                                               State state, String reason, int sinceProbe,
                                                               int failures, int successes) {
        List<TargetHealth> states = run(probes, new Verdicts.Thresholds(failuresToLeave, successesToReturn));
        TargetHealth last = states.getLast();

        assertThat(last.state()).isEqualTo(state);
        assertThat(last.reason()).isEqualTo(reason);
        assertThat(last.since()).isEqualTo(t(sinceProbe));
        assertThat(last.failures()).isEqualTo(failures);
        assertThat(last.successes()).isEqualTo(successes);
        assertThat(last.probed()).isTrue();
    }

    @Test
    void aNeverProbedTarget_isDownBecauseNotProbedYet() {
        TargetHealth unprobed = TargetHealth.unprobed(T0);

        assertThat(unprobed.state()).isEqualTo(State.DOWN);
        assertThat(unprobed.probed()).isFalse();
        assertThat(unprobed.reason()).isEqualTo("not probed yet");
        assertThat(unprobed.since()).isEqualTo(T0);
    }

    @ParameterizedTest(name = "N={0}")
    @ValueSource(ints = {1, 2, 3, 7})
    void anUpTarget_goesDownExactlyOnTheNthConsecutiveFailure(int n) {
        String probes = "+" + "-".repeat(n);
        List<TargetHealth> states = run(probes, new Verdicts.Thresholds(n, 2));

        for (int i = 2; i <= n; i++) {
            assertThat(states.get(i).state()).as("after %d failures", i - 1).isEqualTo(State.UP);
            assertThat(states.get(i).reason()).startsWith("still up (" + (i - 1) + "/" + n + " probes failed)");
        }
        TargetHealth down = states.get(n + 1);
        assertThat(down.state()).isEqualTo(State.DOWN);
        assertThat(down.reason()).isEqualTo(n + " probes failed: refused #" + (n + 1));
        assertThat(down.since()).isEqualTo(t(n + 1));
    }

    @ParameterizedTest(name = "M={0}")
    @ValueSource(ints = {1, 2, 4})
    void aDownTarget_comesBackExactlyOnTheMthConsecutiveGoodProbe(int m) {
        String probes = "+---" + "+".repeat(m);
        List<TargetHealth> states = run(probes, new Verdicts.Thresholds(3, m));

        for (int k = 1; k < m; k++) {
            TargetHealth recovering = states.get(4 + k);
            assertThat(recovering.state()).isEqualTo(State.DOWN);
            assertThat(recovering.reason()).startsWith("recovering (" + k + "/" + m + " probes ok)");
            assertThat(recovering.since()).isEqualTo(t(4));
        }
        TargetHealth back = states.get(4 + m);
        assertThat(back.state()).isEqualTo(State.UP);
        assertThat(back.reason()).isEqualTo(m + " probes ok: 200 in " + (4 + m) + " ms");
        assertThat(back.since()).isEqualTo(t(4 + m));
    }

    /** Every sequence of up to 10 probes: since moves exactly when the state changes, to the probe's time. */
    @ParameterizedTest(name = "N={0} M={1}")
    @CsvSource({"1,1", "2,3", "3,2", "4,4"})
    void sinceIsUnchangedWhileTheStateStays_andIsTheProbeTimeWhenItChanges(int failuresToLeave, int successesToReturn) {
        Verdicts.Thresholds thresholds = new Verdicts.Thresholds(failuresToLeave, successesToReturn);
        int length = 10;
        for (int bits = 0; bits < (1 << length); bits++) {
            StringBuilder probes = new StringBuilder();
            for (int i = 0; i < length; i++) {
                probes.append((bits >> i & 1) == 1 ? '+' : '-');
            }
            List<TargetHealth> states = run(probes.toString(), thresholds);
            for (int i = 1; i < states.size(); i++) {
                TargetHealth before = states.get(i - 1);
                TargetHealth after = states.get(i);
                if (after.state() == before.state()) {
                    assertThat(after.since()).as("%s at probe %d", probes, i).isEqualTo(before.since());
                } else {
                    assertThat(after.since()).as("%s at probe %d", probes, i).isEqualTo(t(i));
                }
                assertThat(after.failures() == 0 || after.successes() == 0)
                        .as("%s at probe %d: counters are consecutive streaks", probes, i).isTrue();
            }
        }
    }

    @ParameterizedTest(name = "({0}, {1})")
    @CsvSource({"0,1", "1,0", "0,0", "-1,3", "3,-2"})
    void thresholdsBelowOne_areRefused(int failuresToLeave, int successesToReturn) {
        assertThatThrownBy(() -> new Verdicts.Thresholds(failuresToLeave, successesToReturn))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }

    @Test
    void thresholdsOfOne_areAccepted() {
        assertThatCode(() -> new Verdicts.Thresholds(1, 1)).doesNotThrowAnyException();
    }

    // --- regions ---

    /** One node per letter, U up and D down; null (an empty CSV cell) is no node at all. */
    private static List<NodeStatus> nodes(String states) {
        List<NodeStatus> nodes = new ArrayList<>();
        if (states == null) {
            return nodes;
        }
        for (int i = 0; i < states.length(); i++) {
            State state = states.charAt(i) == 'U' ? State.UP : State.DOWN;
            nodes.add(new NodeStatus("eu-west-" + (i + 1), URI.create("http://127.0.0.1:" + (10 + i)), null, state,
                    state == State.UP ? "probe ok" : "3 probes failed: refused", T0));
        }
        return nodes;
    }

    private static TargetHealth gateway(String gateway) {
        return switch (gateway) {
            case "UP" -> new TargetHealth(State.UP, true, 0, 1, "probe ok: 200 in 1 ms", T0);
            case "DOWN" -> new TargetHealth(State.DOWN, true, 3, 0, "3 probes failed: connection refused", T0);
            case "UNPROBED" -> TargetHealth.unprobed(T0);
            case "NONE" -> null;
            default -> throw new IllegalArgumentException(gateway);
        };
    }

    @ParameterizedTest(name = "gateway {0}, nodes [{1}] -> {2}: {3}")
    @CsvSource(delimiter = '|', textBlock = """
            # gateway  | nodes | state | reason
              DOWN     | UU    | DOWN  | gateway down: 3 probes failed: connection refused
              DOWN     |       | DOWN  | gateway down: 3 probes failed: connection refused
              UNPROBED | UU    | DOWN  | gateway down: not probed yet
              UP       | DD    | DOWN  | no healthy node
              UP       | D     | DOWN  | no healthy node
              UP       |       | DOWN  | no nodes configured
              UP       | UD    | UP    | 1 of 2 nodes up
              UP       | DUD   | UP    | 1 of 3 nodes up
              UP       | UU    | UP    | 2 of 2 nodes up
              NONE     | UU    | UP    | 2 of 2 nodes up
              NONE     | DU    | UP    | 1 of 2 nodes up
              NONE     | DD    | DOWN  | no healthy node
              NONE     |       | DOWN  | no nodes configured
            """)
    void aRegionVerdict_followsItsGatewayThenItsNodes(String gateway, String nodeStates, State state, String reason) {
        Verdicts.RegionVerdict verdict = Verdicts.region(gateway(gateway), nodes(nodeStates));

        assertThat(verdict.state()).isEqualTo(state);
        assertThat(verdict.reason()).isEqualTo(reason);
    }
}
