package dev.geocdn.health.membership;

import dev.geocdn.protocol.topology.State;

import java.time.Instant;

/**
 * A node, gateway or region changing state: what alerts are made of.
 *
 * @param kind   {@code node}, {@code gateway} or {@code region}
 * @param name   the node id, {@code gateway:<region>} or the region name
 * @param region the region it belongs to
 */
public record StateChange(String kind, String name, String region, State from, State to, String reason, Instant at) {
}
