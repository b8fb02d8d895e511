package dev.geocdn.protocol.topology;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * One cache node as the membership knows it.
 *
 * @param id         {@code <region>-<n>}, also the node's {@code Cache-Status} name
 * @param url        the data-plane base URL that gateways forward to
 * @param management the management base URL (health, metrics) that the health service probes;
 *                   null when unknown
 * @param state      up or down
 * @param reason     why it is in that state, for operators ("3 probes failed: connection refused")
 * @param since      when it entered that state
 */
public record NodeStatus(String id, URI url, URI management, State state, String reason, Instant since) {

    public NodeStatus {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(state, "state");
        reason = reason == null ? "" : reason;
    }

    public boolean isUp() {
        return state == State.UP;
    }

    public NodeStatus with(State newState, String newReason, Instant at) {
        return new NodeStatus(id, url, management, newState, newReason, newState == state ? since : at);
    }
}
