package dev.geocdn.protocol.topology;

/** Whether a node or a region takes traffic. */
public enum State {
    /** Healthy: routed to, and (for a region) answered in DNS. */
    UP,
    /** Failed its probes (or was never seen): routed around, left out of DNS. */
    DOWN
}
