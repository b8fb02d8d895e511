package dev.geocdn.invalidation.progress;

import dev.geocdn.protocol.topology.Membership;
import dev.geocdn.protocol.topology.NodeStatus;
import dev.geocdn.protocol.topology.RegionStatus;
import dev.geocdn.protocol.topology.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The progress rule as a table: who was required, who is up now, who acknowledged, and what
 * that makes of the purge.
 */
class PurgeProgressTest {

    /** us-west-1, us-west-2 and eu-west-1 were live when the purge was accepted. */
    private static final Map<String, List<String>> REQUIRED = Map.of(
            "us-west", List.of("us-west-1", "us-west-2"),
            "eu-west", List.of("eu-west-1"));

    static Stream<Arguments> table() {
        return Stream.of(
                row("noAck_everyoneUp_isPendingOnAll", Set.of("us-west-1", "us-west-2", "eu-west-1"), acks(),
                        false, List.of("eu-west-1", "us-west-1", "us-west-2")),
                row("someAcked_restPending", Set.of("us-west-1", "us-west-2", "eu-west-1"), acks("us-west-1"),
                        false, List.of("eu-west-1", "us-west-2")),
                row("allAcked_isDone", Set.of("us-west-1", "us-west-2", "eu-west-1"),
                        acks("us-west-1", "us-west-2", "eu-west-1"), true, List.of()),
                row("theOnlyMissingNodeWentDown_isDone", Set.of("us-west-1", "us-west-2"),
                        acks("us-west-1", "us-west-2"), true, List.of()),
                row("aNodeGoneFromTheMembership_isNotWaitedFor", Set.of("us-west-1", "eu-west-1"),
                        acks("us-west-1", "eu-west-1"), true, List.of()),
                row("aDownNodeThatCameBack_isWaitedForAgain", Set.of("us-west-1", "us-west-2", "eu-west-1"),
                        acks("us-west-1", "eu-west-1"), false, List.of("us-west-2")),
                row("everyRequiredNodeDown_isDone", Set.of(), acks(), true, List.of()),
                row("anAckFromANodeThatCameUpLater_isNotNeeded", Set.of("us-west-1", "us-west-2", "eu-west-1", "eu-west-2"),
                        acks("us-west-1", "us-west-2", "eu-west-1"), true, List.of()),
                row("anAckFromANodeThatCameUpLater_doesNotReplaceAMissingOne", Set.of("us-west-1", "us-west-2", "eu-west-1", "eu-west-2"),
                        acks("us-west-1", "us-west-2", "eu-west-2"), false, List.of("eu-west-1")),
                row("aDownNodeThatAckedAnyway_countsAsApplied", Set.of("us-west-1", "eu-west-1"),
                        acks("us-west-1", "us-west-2", "eu-west-1"), true, List.of()));
    }

    private static Arguments row(String name, Set<String> upNow, Map<String, Applied> acks, boolean done,
                                 List<String> missing) {
        return Arguments.of(name, upNow, acks, done, missing);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void progress(String name, Set<String> upNow, Map<String, Applied> acks, boolean done, List<String> missing) {
        Progress progress = PurgeProgress.evaluate(REQUIRED, upNow::contains, acks);

        assertThat(progress.done()).as("done").isEqualTo(done);
        assertThat(progress.missing()).as("missing").containsExactlyElementsOf(missing);
    }

    @Test
    void eachNode_isShownWithItsState_regionsAndNodesSortedByName() {
        Progress progress = PurgeProgress.evaluate(REQUIRED, Set.of("us-west-1", "eu-west-1")::contains,
                acks("us-west-1", "eu-west-2"));

        assertThat(progress.regions().keySet()).containsExactly("eu-west", "us-west");
        assertThat(progress.regions().get("us-west").get("us-west-1"))
                .isEqualTo(new NodeProgress(NodeProgress.State.APPLIED, true, 12L, 3L));
        assertThat(progress.regions().get("us-west").get("us-west-2").state()).isEqualTo(NodeProgress.State.DOWN);
        assertThat(progress.regions().get("eu-west").keySet()).containsExactly("eu-west-1", "eu-west-2");
        assertThat(progress.regions().get("eu-west").get("eu-west-1").state()).isEqualTo(NodeProgress.State.PENDING);
        assertThat(progress.regions().get("eu-west").get("eu-west-2"))
                .isEqualTo(new NodeProgress(NodeProgress.State.APPLIED, false, 12L, 3L));
        assertThat(progress.appliedCount()).isEqualTo(2);
        assertThat(progress.requiredCount()).isEqualTo(3);
    }

    @Test
    void nothingRequired_isDoneAtOnce() {
        Progress progress = PurgeProgress.evaluate(Map.of(), id -> true, Map.of());

        assertThat(progress.done()).isTrue();
        assertThat(progress.regions()).isEmpty();
    }

    @Test
    void liveNodes_areTheUpNodes_evenOfARegionMarkedDown() {
        Instant t = Instant.EPOCH;
        Membership membership = new Membership(3, t, List.of(
                new RegionStatus("us-west", null, State.UP, "", t, List.of(node("us-west-1", State.UP), node("us-west-2", State.DOWN))),
                new RegionStatus("eu-west", null, State.DOWN, "gateway failed", t, List.of(node("eu-west-1", State.UP))),
                new RegionStatus("ap-south", null, State.DOWN, "", t, List.of(node("ap-south-1", State.DOWN)))));

        assertThat(PurgeProgress.liveNodes(membership)).isEqualTo(Map.of(
                "us-west", List.of("us-west-1"), "eu-west", List.of("eu-west-1")));
        assertThat(PurgeProgress.isUp(membership).test("us-west-2")).isFalse();
        assertThat(PurgeProgress.isUp(membership).test("unknown-1")).isFalse();
    }

    private static NodeStatus node(String id, State state) {
        return new NodeStatus(id, URI.create("http://127.0.0.1:1"), null, state, "", Instant.EPOCH);
    }

    private static Map<String, Applied> acks(String... nodes) {
        return Arrays.stream(nodes).collect(Collectors.toMap(n -> n,
                n -> new Applied(n, n.substring(0, n.lastIndexOf('-')), 12, 3), (a, b) -> a, LinkedHashMap::new));
    }
}
