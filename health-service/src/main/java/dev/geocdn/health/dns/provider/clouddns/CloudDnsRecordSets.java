package dev.geocdn.health.dns.provider.clouddns;

import dev.geocdn.health.dns.GeoDnsAnswers;
import dev.geocdn.health.dns.provider.DnsPlan;
import com.google.api.services.dns.model.Change;
import com.google.api.services.dns.model.RRSetRoutingPolicy;
import com.google.api.services.dns.model.RRSetRoutingPolicyGeoPolicy;
import com.google.api.services.dns.model.RRSetRoutingPolicyGeoPolicyGeoPolicyItem;
import com.google.api.services.dns.model.ResourceRecordSet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The Cloud DNS side of a plan, as pure functions: the record sets a plan asks for, and the one
 * change (deletions, then additions, applied atomically by Cloud DNS) that turns the record sets
 * that exist into those.
 *
 * <p>One record set per type (A when any published region has IPv4 addresses, AAAA for IPv6),
 * with a geo routing policy: one item per published region, {@code location} its Google Cloud
 * region and {@code rrdatas} its gateway addresses. Cloud DNS answers a client with the item
 * nearest to it, so a withdrawn region's clients go to the nearest region still listed.
 *
 * <p>Cloud DNS changes cannot modify a record set in place: a different one is deleted (exactly
 * as listed: Cloud DNS rejects a deletion that does not match the current record set) and added
 * anew, in the same change.
 */
public final class CloudDnsRecordSets {

    private CloudDnsRecordSets() {
    }

    /** The record sets {@code plan} asks for, A before AAAA. */
    public static List<ResourceRecordSet> desired(DnsPlan plan, CloudDnsProperties properties) {
        List<ResourceRecordSet> sets = new ArrayList<>();
        add(sets, plan, properties, "A", DnsPlan.Region::v4);
        add(sets, plan, properties, "AAAA", DnsPlan.Region::v6);
        return sets;
    }

    private static void add(List<ResourceRecordSet> sets, DnsPlan plan, CloudDnsProperties properties, String type,
                            Function<DnsPlan.Region, List<String>> addresses) {
        List<RRSetRoutingPolicyGeoPolicyGeoPolicyItem> items = plan.published().stream()
                .filter(r -> !addresses.apply(r).isEmpty())
                .map(r -> new RRSetRoutingPolicyGeoPolicyGeoPolicyItem()
                        .setLocation(properties.location(r.name())).setRrdatas(new ArrayList<>(addresses.apply(r))))
                .sorted(Comparator.comparing(RRSetRoutingPolicyGeoPolicyGeoPolicyItem::getLocation))
                .toList();
        if (!items.isEmpty()) {
            sets.add(new ResourceRecordSet().setName(plan.name()).setType(type).setTtl(Math.toIntExact(plan.ttlSeconds()))
                    .setRoutingPolicy(new RRSetRoutingPolicy().setGeo(new RRSetRoutingPolicyGeoPolicy()
                            .setItems(new ArrayList<>(items)))));
        }
    }

    /**
     * The change that turns {@code existing} (the A and AAAA record sets listed under the plan's
     * name) into {@code desired}; null when they already match.
     */
    public static Change change(List<ResourceRecordSet> desired, List<ResourceRecordSet> existing) {
        Set<Shape> wanted = desired.stream().map(Shape::of).collect(Collectors.toSet());
        Set<Shape> present = existing.stream().map(Shape::of).collect(Collectors.toSet());
        List<ResourceRecordSet> deletions = existing.stream().filter(e -> !wanted.contains(Shape.of(e))).toList();
        List<ResourceRecordSet> additions = desired.stream().filter(d -> !present.contains(Shape.of(d))).toList();
        if (deletions.isEmpty() && additions.isEmpty()) {
            return null;
        }
        return new Change().setDeletions(new ArrayList<>(deletions)).setAdditions(new ArrayList<>(additions));
    }

    /** Whether a listed record set is one the provider owns: the plan's name, type A or AAAA. */
    static boolean owned(ResourceRecordSet set, String name) {
        return set.getName() != null && GeoDnsAnswers.canonical(set.getName()).equals(name)
                && ("A".equals(set.getType()) || "AAAA".equals(set.getType()));
    }

    /** What Cloud DNS serves from a record set, compared regardless of order. */
    private record Shape(String type, Integer ttl, Set<String> rrdatas, Map<String, Set<String>> geo, boolean otherPolicy) {
        static Shape of(ResourceRecordSet s) {
            Map<String, Set<String>> geo = new TreeMap<>();
            RRSetRoutingPolicy policy = s.getRoutingPolicy();
            boolean other = false;
            if (policy != null) {
                other = policy.getWrr() != null || policy.getPrimaryBackup() != null || policy.getHealthCheck() != null
                        || policy.getGeo() == null || Boolean.TRUE.equals(policy.getGeo().getEnableFencing());
                if (policy.getGeo() != null && policy.getGeo().getItems() != null) {
                    policy.getGeo().getItems().forEach(i -> geo.put(i.getLocation(), sorted(i.getRrdatas())));
                }
            }
            return new Shape(s.getType(), s.getTtl(), sorted(s.getRrdatas()), geo, other);
        }

        private static Set<String> sorted(List<String> values) {
            return new TreeSet<>(Objects.requireNonNullElse(values, List.of()));
        }
    }
}
