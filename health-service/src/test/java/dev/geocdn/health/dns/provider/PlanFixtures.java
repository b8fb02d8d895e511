package dev.geocdn.health.dns.provider;

import dev.geocdn.protocol.net.Cidr;
import dev.geocdn.protocol.topology.Membership;
import dev.geocdn.protocol.topology.RegionStatus;
import dev.geocdn.protocol.topology.State;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The world of the DNS provider tests: three regions with gateway addresses (us-west
 * dual-stack, eu-west with two) and one without any, under {@code cdn.example.com}.
 */
public final class PlanFixtures {

    public static final String NAME = "cdn.example.com.";
    public static final Set<String> ALL = Set.of("us-west", "us-east", "eu-west");
    public static final Map<String, List<InetAddress>> ADDRESSES = Map.of(
            "us-west", List.of(ip("192.0.2.10"), ip("2001:db8::10")),
            "us-east", List.of(ip("192.0.2.20")),
            "eu-west", List.of(ip("192.0.2.30"), ip("192.0.2.31")),
            "ap-south", List.of());
    private static final Instant AT = Instant.parse("2030-01-01T00:00:00Z");

    private PlanFixtures() {
    }

    public static InetAddress ip(String literal) {
        return Cidr.literal(literal, "test");
    }

    /** A membership of the four regions where exactly {@code up} are up. */
    public static Membership membership(Set<String> up) {
        return membership(up, 1, "why");
    }

    public static Membership membership(Set<String> up, long version, String reason) {
        List<RegionStatus> regions = ADDRESSES.keySet().stream().sorted()
                .map(r -> new RegionStatus(r, null, up.contains(r) ? State.UP : State.DOWN, reason, AT, List.of()))
                .toList();
        return new Membership(version, AT, regions);
    }

    /** The plan for {@link #membership(Set)}, for a name given in mixed case and without the root dot. */
    public static DnsPlan plan(Set<String> up) {
        return plan(membership(up));
    }

    public static DnsPlan plan(Membership membership) {
        return DnsPlan.of("CDN.Example.com", Duration.ofSeconds(5), ADDRESSES, membership);
    }
}
