package dev.geocdn.protocol.net;

import java.net.InetAddress;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A table of CIDR blocks to values (a region name, usually), answered by longest prefix match,
 * as routers do: a more specific block overrides a broader one whatever the order of entries.
 * Shared by the gateway (client IP to region) and the health service's DNS (EDNS Client Subnet
 * or resolver address to region), so that both place a client the same way.
 *
 * <p>Lookups scan the entries, longest prefix first; tables are tens to a few thousand
 * entries in practice. A MaxMind database is the tool for larger ones.
 */
public final class CidrTable<V> {

    /** One row of the table. */
    public record Entry<V>(Cidr block, V value) {
    }

    private final List<Entry<V>> entries;

    public CidrTable(List<Entry<V>> entries) {
        this.entries = entries.stream()
                .sorted(Comparator.comparingInt((Entry<V> e) -> e.block().prefix()).reversed())
                .toList();
    }

    /** A table from {@code "cidr" -> value} pairs, as configuration gives them. */
    public static <V> CidrTable<V> of(Map<String, V> blocks) {
        return new CidrTable<>(blocks.entrySet().stream()
                .map(e -> new Entry<>(Cidr.parse(e.getKey()), e.getValue()))
                .toList());
    }

    /** The entry of the most specific block holding the address. */
    public Optional<Entry<V>> lookup(InetAddress address) {
        for (Entry<V> entry : entries) {
            if (entry.block().contains(address)) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }

    /** Whether any block holds the address (for lists of trusted proxies). */
    public boolean contains(InetAddress address) {
        return lookup(address).isPresent();
    }

    public List<Entry<V>> entries() {
        return entries;
    }
}
