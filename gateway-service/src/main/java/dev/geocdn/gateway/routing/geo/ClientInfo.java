package dev.geocdn.gateway.routing.geo;

import java.net.InetAddress;
import java.util.function.Function;

/**
 * What the gateway knows of a client when placing it.
 *
 * @param peer          the address the connection came from (a client, or a proxy in front)
 * @param peerTrusted   whether the peer is a configured trusted proxy, whose geo header and
 *                      {@code Forwarded: for=} are believed
 * @param clientAddress the client's address: the first {@code for=} of a trusted peer's
 *                      Forwarded header, else the peer
 * @param header        request header lookup by name (first value), null when absent
 */
public record ClientInfo(InetAddress peer, boolean peerTrusted, InetAddress clientAddress,
                         Function<String, String> header) {
}
