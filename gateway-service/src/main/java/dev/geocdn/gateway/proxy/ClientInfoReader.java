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
import java.util.function.Function;

/**
 * Reads who the client is from a request, believing proxy-supplied headers only from trusted
 * proxies: a client can write any {@code Forwarded} or geo header, so from an untrusted peer
 * they are ignored and dropped before forwarding.
 *
 * <p>Works on a header lookup rather than one framework's request type, so that Spring Cloud
 * Gateway's path and the fast path (Netty's request) decide the same way.
 */
public final class ClientInfoReader {

    /** A request's header values by name (case-insensitive), empty when absent. */
    public interface Fields {
        List<String> all(String name);

        default String first(String name) {
            List<String> values = all(name);
            return values.isEmpty() ? null : values.get(0);
        }
    }

    private final CidrTable<Boolean> trustedProxies;

    public ClientInfoReader(CidrTable<Boolean> trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    public ClientInfo read(ServerHttpRequest request) {
        return read(request.getRemoteAddress(), fields(request));
    }

    public ClientInfo read(InetSocketAddress remote, Fields fields) {
        InetAddress peer = remote == null || remote.getAddress() == null
                ? InetAddress.getLoopbackAddress() : remote.getAddress();
        return read(peer, trustedProxies.contains(peer), fields);
    }

    /** As {@link #read(InetSocketAddress, Fields)} for a peer whose trust is already known. */
    public ClientInfo read(InetAddress peer, boolean trusted, Fields fields) {
        InetAddress client = peer;
        if (trusted) {
            client = Forwarded.first(fields.all("Forwarded"), "for").flatMap(Forwarded::address).orElse(peer);
        }
        Function<String, String> header = fields::first;
        return new ClientInfo(peer, trusted, client, header);
    }

    /** Whether {@code peer} is a trusted proxy. */
    public boolean trusts(InetAddress peer) {
        return trustedProxies.contains(peer);
    }

    /** The scheme the client used: a trusted proxy's {@code Forwarded: proto=}, else this connection's. */
    public String publicScheme(ServerHttpRequest request, ClientInfo client) {
        String own = request.getURI().getScheme() == null ? "http" : request.getURI().getScheme();
        return publicScheme(own, client, fields(request));
    }

    public String publicScheme(String own, ClientInfo client, Fields fields) {
        if (!client.peerTrusted()) {
            return own;
        }
        return Forwarded.first(fields.all("Forwarded"), "proto")
                .filter(p -> p.equalsIgnoreCase("http") || p.equalsIgnoreCase("https"))
                .orElse(own);
    }

    /**
     * The {@code Forwarded} values to send on: a trusted peer's chain with this hop appended, or
     * this hop alone (RFC 7239 section 4: each proxy appends its element).
     */
    public List<String> forwarded(ServerHttpRequest request, ClientInfo client, String scheme) {
        return forwarded(fields(request), client, scheme);
    }

    public List<String> forwarded(Fields fields, ClientInfo client, String scheme) {
        List<String> values = new ArrayList<>();
        if (client.peerTrusted()) {
            values.addAll(fields.all("Forwarded"));
        }
        String host = fields.first(HttpHeaders.HOST);
        values.add(Forwarded.element(client.peer(), host, client.peerTrusted() && !values.isEmpty()
                ? Forwarded.first(values, "proto").orElse(scheme) : scheme));
        return values;
    }

    private static Fields fields(ServerHttpRequest request) {
        HttpHeaders headers = request.getHeaders();
        return name -> {
            List<String> values = headers.get(name);
            return values == null ? List.of() : values;
        };
    }
}
