package dev.geocdn.membership;

import dev.geocdn.protocol.topology.Membership;
import dev.geocdn.protocol.topology.NodeStatus;
import dev.geocdn.protocol.topology.RegionStatus;
import dev.geocdn.protocol.topology.State;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MembershipViewTest {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    private static Membership snapshot(long version, State nodeState) {
        NodeStatus node = new NodeStatus("eu-west-1", URI.create("http://eu-west-1:8080"), null, nodeState, "", T0);
        RegionStatus region = new RegionStatus("eu-west", URI.create("http://gw-eu-west:8000"),
                nodeState, "", T0, List.of(node));
        return new Membership(version, T0.plusSeconds(version), List.of(region));
    }

    @Test
    void itStartsWithTheInitialSnapshot() {
        Membership initial = snapshot(0, State.UP);

        assertThat(new MembershipView(initial).current()).isSameAs(initial);
    }

    @Test
    void aNewerSnapshot_isTaken() {
        MembershipView view = new MembershipView(snapshot(3, State.UP));
        Membership newer = snapshot(4, State.DOWN);

        assertThat(view.update(newer)).isTrue();
        assertThat(view.current()).isSameAs(newer);
    }

    @Test
    void aSnapshotOfTheSameVersion_isTaken() {
        MembershipView view = new MembershipView(snapshot(3, State.UP));
        Membership same = snapshot(3, State.DOWN);

        assertThat(view.update(same)).isTrue();
        assertThat(view.current()).isSameAs(same);
    }

    @Test
    void anOlderSnapshot_isRefused() {
        Membership held = snapshot(5, State.UP);
        MembershipView view = new MembershipView(held);

        assertThat(view.update(snapshot(4, State.DOWN))).isFalse();
        assertThat(view.current()).isSameAs(held);
    }

    @Test
    void aSnapshotDelayedBehindANewerOne_doesNotUndoIt() {
        MembershipView view = new MembershipView(snapshot(0, State.UP));
        Membership v2 = snapshot(2, State.DOWN);

        view.update(v2);
        boolean lateTaken = view.update(snapshot(1, State.UP));

        assertThat(lateTaken).isFalse();
        assertThat(view.current()).isSameAs(v2);
        assertThat(view.current().upRegions()).isEmpty();
    }

    @Test
    void listeners_hearEveryTakenSnapshot_andNotTheRefusedOnes() throws Exception {
        MembershipView view = new MembershipView(snapshot(1, State.UP));
        List<Long> heard = new ArrayList<>();
        AutoCloseable handle = view.onChange(m -> heard.add(m.version()));

        view.update(snapshot(2, State.DOWN));
        view.update(snapshot(0, State.UP));
        handle.close();
        view.update(snapshot(3, State.UP));

        assertThat(heard).containsExactly(2L);
    }

    @Test
    void aListenerThatThrows_doesNotKeepOthersFromHearing() {
        MembershipView view = new MembershipView(snapshot(1, State.UP));
        List<Long> heard = new ArrayList<>();
        view.onChange(m -> {
            throw new IllegalStateException("broken listener");
        });
        view.onChange(m -> heard.add(m.version()));

        assertThat(view.update(snapshot(2, State.UP))).isTrue();
        assertThat(heard).containsExactly(2L);
        assertThat(view.current().version()).isEqualTo(2);
    }
}
