package dev.geocdn.node.config;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.client.ReactorResourceFactory;
import reactor.netty.resources.LoopResources;

/**
 * The event loops the node's own server runs on, for its outbound clients (origin, other
 * regions' nodes, prefetch) too: one node, one set of loops. In a process of its own these are
 * Reactor Netty's global loops either way; where several services share a JVM (the local world),
 * each node's clients then stay on that node's loops instead of crowding loops that other
 * services, the origin among them, accept and answer on.
 */
public final class NodeLoops {

    private NodeLoops() {
    }

    /** The node's loops, or null (Reactor Netty's global ones) when no resource factory is defined. */
    public static LoopResources of(ObjectProvider<ReactorResourceFactory> factory) {
        ReactorResourceFactory resources = factory.getIfAvailable();
        return resources == null ? null : resources.getLoopResources();
    }
}
