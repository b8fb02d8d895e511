package dev.geocdn.node.proxy;

import dev.geocdn.protocol.net.Cidr;
import dev.geocdn.protocol.net.CidrTable;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;

/**
 * The peers whose {@code Forwarded: proto=} and {@code X-Forwarded-Proto} the node believes: its
 * gateways and TLS terminators. From anyone else the fields are ignored and the request is keyed
 * as plain http, so a client that reaches a node directly cannot choose the scheme its response
 * is cached under (as nginx's {@code set_real_ip_from} or Tomcat's internal proxies).
 */
public final class TrustedProxies {

    private final CidrTable<Boolean> table;

    private TrustedProxies(CidrTable<Boolean> table) {
        this.table = table;
    }

    /** @throws IllegalArgumentException naming a block that is not CIDR notation */
    public static TrustedProxies of(List<String> blocks) {
        return new TrustedProxies(new CidrTable<>(blocks.stream()
                .map(b -> new CidrTable.Entry<>(Cidr.parse(b), true)).toList()));
    }

    public boolean trusts(InetAddress peer) {
        return peer != null && table.lookup(peer).isPresent();
    }

    public boolean trusts(SocketAddress peer) {
        return peer instanceof InetSocketAddress inet && trusts(inet.getAddress());
    }
}
