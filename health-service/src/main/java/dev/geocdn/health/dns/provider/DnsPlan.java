package dev.geocdn.health.dns.provider;

import dev.geocdn.health.dns.GeoDnsAnswers;
import dev.geocdn.protocol.topology.Membership;
import dev.geocdn.protocol.topology.RegionStatus;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a DNS provider should publish for the CDN's name: every region that has gateway
 * addresses, with whether its records are published. A pure value, built by {@link #of} from
 * the membership and the configuration, so that "did anything change?" is an equality test and
 * each provider only translates it into its API.
 *
 * <p>Rules:
 * <ul>
 *   <li>A region that is up is published; a region that is down is withdrawn, so that resolvers
 *       stop sending clients to it within the TTL.</li>
 *   <li>Fail open: when every region is down, every region stays published. Withdrawing all of
 *       them would turn "our probes see nothing" (as often a fault of the health service or of its
 *       network as of the gateways) into a certain, total outage (NXDOMAIN or NODATA for every
 *       client). Route 53 does the same when all health checks of a record set fail (it then
 *       considers all of them healthy); see "How Amazon Route 53 chooses records when health
 *       checking is configured" in its developer guide.</li>
 *   <li>A region with no configured address has nothing to publish and is left out; a region
 *       the membership does not know is down.</li>
 * </ul>
 *
 * <p>Where a region is on the provider's map (an AWS region, a Google Cloud location) is the
 * provider's configuration, not the plan's: the two providers name places differently and both
 * may run at once.
 *
 * @param name     the record name, absolute and in lower case ({@code cdn.example.com.})
 * @param ttl      the TTL of the records
 * @param regions  every region with addresses, by name
 * @param failOpen whether every region was down, so all are published anyway
 */
public record DnsPlan(String name, Duration ttl, List<Region> regions, boolean failOpen) {

    public DnsPlan {
        name = GeoDnsAnswers.canonical(Objects.requireNonNull(name, "name"));
        Objects.requireNonNull(ttl, "ttl");
        regions = List.copyOf(regions);
    }

    /**
     * One region's records.
     *
     * @param name      our region name ({@code us-west})
     * @param addresses the regional gateway's addresses (v4 for A, v6 for AAAA records)
     * @param up        whether the membership has the region up
     * @param published whether its records should exist at the provider
     */
    public record Region(String name, List<InetAddress> addresses, boolean up, boolean published) {
        public Region {
            Objects.requireNonNull(name, "name");
            addresses = List.copyOf(addresses);
        }

        /** The addresses for A records. */
        public List<String> v4() {
            return addresses.stream().filter(Inet4Address.class::isInstance).map(InetAddress::getHostAddress).toList();
        }

        /** The addresses for AAAA records. */
        public List<String> v6() {
            return addresses.stream().filter(Inet6Address.class::isInstance).map(InetAddress::getHostAddress).toList();
        }
    }

    /** The plan for {@code membership}: see the class comment for the rules. */
    public static DnsPlan of(String name, Duration ttl, Map<String, List<InetAddress>> addresses, Membership membership) {
        Map<String, RegionStatus> states = membership.byName();
        Map<String, List<InetAddress>> withAddresses = new TreeMap<>();
        addresses.forEach((region, list) -> {
            if (!list.isEmpty()) {
                withAddresses.put(region, list);
            }
        });
        boolean anyUp = withAddresses.keySet().stream().anyMatch(r -> states.containsKey(r) && states.get(r).isUp());
        boolean failOpen = !withAddresses.isEmpty() && !anyUp;
        List<Region> regions = withAddresses.entrySet().stream().map(e -> {
            RegionStatus status = states.get(e.getKey());
            boolean up = status != null && status.isUp();
            return new Region(e.getKey(), e.getValue(), up, up || failOpen);
        }).toList();
        return new DnsPlan(name, ttl, regions, failOpen);
    }

    /** The regions whose records should exist, by name. */
    public List<Region> published() {
        return regions.stream().filter(Region::published).toList();
    }

    /** The regions whose records should not exist, by name. */
    public List<String> withdrawn() {
        return regions.stream().filter(r -> !r.published()).map(Region::name).toList();
    }

    /** The TTL in whole seconds, as both providers take it. */
    public long ttlSeconds() {
        return Math.max(0, ttl.toSeconds());
    }
}
