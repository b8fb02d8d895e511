package dev.geocdn.health.dns;

import dev.geocdn.protocol.net.CidrTable;
import dev.geocdn.protocol.topology.Membership;
import dev.geocdn.protocol.topology.RegionDistances;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What geo-DNS answers, as a pure function of the question, the client's address and the
 * membership: the addresses of the nearest healthy region's gateway.
 *
 * <p>The client is the EDNS Client Subnet of the query when the resolver sent one (RFC 7871),
 * else the resolver's own address; it is placed by the same CIDR table the gateway uses, and a
 * client no block covers goes to the default region. A region that is down is skipped for the
 * next-nearest up one, so it disappears from answers. A, AAAA and ANY questions get the
 * addresses of their family; other types under the CDN's name answer NOERROR with no data;
 * other names are refused (we are authoritative for one name only).
 */
public final class GeoDnsAnswers {

    /** The outcome of one question. */
    public sealed interface Answer {
        /** Addresses (possibly none, NODATA) of the region chosen, and why. */
        record Addresses(List<InetAddress> addresses, String region, String reason) implements Answer {
        }

        /** A name we do not serve. */
        record Refused(String why) implements Answer {
        }
    }

    /** Which address family a question asks for. */
    public enum Family { V4, V6, BOTH, NONE }

    private final String name;
    private final CidrTable<String> placement;
    private final RegionDistances distances;
    private final Map<String, List<InetAddress>> regionAddresses;
    private final String defaultRegion;

    public GeoDnsAnswers(String name, CidrTable<String> placement, RegionDistances distances,
                         Map<String, List<InetAddress>> regionAddresses, String defaultRegion) {
        this.name = canonical(name);
        this.placement = placement;
        this.distances = distances;
        this.regionAddresses = Map.copyOf(regionAddresses);
        this.defaultRegion = defaultRegion;
    }

    public Answer answer(String question, Family family, InetAddress client, Membership membership) {
        if (!canonical(question).equals(name)) {
            return new Answer.Refused("not authoritative for " + question);
        }
        Optional<CidrTable.Entry<String>> placed = placement.lookup(client);
        String home = placed.map(CidrTable.Entry::value).orElse(defaultRegion);
        List<String> up = membership.upRegions();
        Optional<String> chosen = distances.nearestFirst(home, up).stream()
                .filter(r -> !addresses(r, Family.BOTH).isEmpty()).findFirst();
        if (chosen.isEmpty()) {
            return new Answer.Addresses(List.of(), home, "no healthy region");
        }
        String region = chosen.get();
        String reason = (placed.isPresent() ? "client " + placed.get().block() + " in " + home : "default region " + home)
                + (region.equals(home) ? "" : ", " + home + " down, nearest up " + region);
        return new Answer.Addresses(addresses(region, family), region, reason);
    }

    private List<InetAddress> addresses(String region, Family family) {
        return regionAddresses.getOrDefault(region, List.of()).stream()
                .filter(a -> switch (family) {
                    case V4 -> a instanceof Inet4Address;
                    case V6 -> a instanceof Inet6Address;
                    case BOTH -> true;
                    case NONE -> false;
                }).toList();
    }

    public String name() {
        return name;
    }

    /** A DNS name as compared and published: lower case, absolute (trailing dot). */
    public static String canonical(String dnsName) {
        String n = dnsName.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n : n + ".";
    }
}
