package dev.geocdn.gateway.routing.geo;

import dev.geocdn.protocol.net.CidrTable;

import java.util.Optional;

/** The client's address looked up in a CIDR-to-region table (longest prefix wins). */
public final class CidrSource implements GeoSource {

    private final CidrTable<String> table;

    public CidrSource(CidrTable<String> table) {
        this.table = table;
    }

    @Override
    public String name() {
        return "cidr";
    }

    @Override
    public Optional<Placement> place(ClientInfo client) {
        return table.lookup(client.clientAddress())
                .map(e -> new Placement(e.value(), name(), e.block().toString()));
    }
}
