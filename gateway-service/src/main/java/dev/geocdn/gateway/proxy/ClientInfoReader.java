package dev.geocdn.gateway.proxy;

import dev.geocdn.gateway.routing.geo.ClientInfo;
import dev.geocdn.protocol.http.Forwarded;
import dev.geocdn.protocol.net.CidrTable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads who the client is from a request, believing proxy-supplied headers only from trusted
 * proxies: a client can write any {@code Forwarded} or geo header, so from an untrusted peer
 * they are ignored and dropped before forwarding.
 */
public final class ClientInfoReader {

    private final CidrTable<Boolean> trustedProxies;

    public ClientInfoReader(CidrTable<Boolean> trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    public ClientInfo read(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        InetAddress peer = remote == null || remote.getAddress() == null
                ? InetAddress.getLoopbackAddress() : remote.getAddress();
        boolean trusted = trustedProxies.contains(peer);
        InetAddress client = peer;
        if (trusted) {
            client = Forwarded.first(forwardedValues(request), "for").flatMap(Forwarded::address).orElse(peer);
        }
        HttpHeaders headers = request.getHeaders();
        return new ClientInfo(peer, trusted, client, headers::getFirst);
    }

    /** The scheme the client used: a trusted proxy's {@code Forwarded: proto=}, else this connection's. */
    public String publicScheme(ServerHttpRequest request, ClientInfo client) {
        String own = request.getURI().getScheme() == null ? "http" : request.getURI().getScheme();
        if (!client.peerTrusted()) {
            return own;
        }
        return Forwarded.first(forwardedValues(request), "proto")
                .filter(p -> p.equalsIgnoreCase("http") || p.equalsIgnoreCase("https"))
                .orElse(own);
    }

    /**
     * The {@code Forwarded} values to send on: a trusted peer's chain with this hop appended, or
     * this hop alone (RFC 7239 section 4: each proxy appends its element).
     */
    public List<String> forwarded(ServerHttpRequest request, ClientInfo client, String scheme) {
        List<String> values = new ArrayList<>();
        if (client.peerTrusted()) {
            values.addAll(forwardedValues(request));
        }
        String host = request.getHeaders().getFirst(HttpHeaders.HOST);
        values.add(Forwarded.element(client.peer(), host, client.peerTrusted() && !values.isEmpty()
                ? Forwarded.first(values, "proto").orElse(scheme) : scheme));
        return values;
    }

    private static List<String> forwardedValues(ServerHttpRequest request) {
        List<String> values = request.getHeaders().get("Forwarded");
        return values == null ? List.of() : values;
    }
}
