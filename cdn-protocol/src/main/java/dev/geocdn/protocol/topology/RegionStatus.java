package dev.geocdn.protocol.topology;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One region: its gateway and its nodes. A region is down when none of its nodes is up (or its
 * gateway failed, for the health service), and then clients go to the next-nearest region.
 *
 * @param name    the region's name ({@code us-west})
 * @param gateway the regional gateway's base URL; null where a region has none
 */
public record RegionStatus(String name, URI gateway, State state, String reason, Instant since,
                           List<NodeStatus> nodes) {

    public RegionStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        reason = reason == null ? "" : reason;
        nodes = List.copyOf(nodes);
    }

    public boolean isUp() {
        return state == State.UP;
    }

    /** The nodes that take traffic, in configuration order. */
    public List<NodeStatus> upNodes() {
        return nodes.stream().filter(NodeStatus::isUp).toList();
    }
}
