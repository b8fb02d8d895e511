package dev.geocdn.health.dns.provider.route53;

import dev.geocdn.health.dns.GeoDnsAnswers;
import dev.geocdn.health.dns.provider.DnsPlan;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.route53.model.ResourceRecordSetFailover;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The Route 53 side of a plan, as pure functions: the record sets a plan asks for, and the one
 * change batch that turns the record sets that exist into those.
 *
 * <p>LATENCY: per published region and address family, a record set with
 * {@code SetIdentifier = <region>} and {@code Region = <aws region>}. FAILOVER: the first two
 * published regions of {@code failover-order} as {@code SetIdentifier = primary} /
 * {@code secondary} with {@code Failover = PRIMARY / SECONDARY}, so that a region moving between
 * roles is an UPSERT of the role, never two PRIMARY records at once. Either way the region's
 * health check, when there is one, is attached.
 *
 * <p>The batch deletes first (Route 53 applies a batch in order and all or nothing, and a
 * record set of another routing policy under the same name and type must go before ours can be
 * created), creates what is missing and upserts what differs. A DELETE must match the record
 * set exactly (Route 53 rejects it otherwise), so it always carries the record set as listed.
 */
public final class Route53RecordSets {

    /** The set identifiers of FAILOVER record sets, by role. */
    static final String PRIMARY = "primary";
    static final String SECONDARY = "secondary";

    private Route53RecordSets() {
    }

    /**
     * The record sets {@code plan} asks for.
     *
     * @param healthCheckId a region's health check id, or null for none
     */
    public static List<ResourceRecordSet> desired(DnsPlan plan, Route53Properties properties,
                                                  Function<DnsPlan.Region, String> healthCheckId) {
        List<ResourceRecordSet> sets = new ArrayList<>();
        switch (properties.routing()) {
            case LATENCY -> plan.published().forEach(region -> sets.addAll(recordSets(plan, region, region.name(),
                    b -> b.region(properties.regions().get(region.name()).awsRegion()), healthCheckId)));
            case FAILOVER -> {
                Map<String, DnsPlan.Region> published = new LinkedHashMap<>();
                plan.published().forEach(r -> published.put(r.name(), r));
                List<DnsPlan.Region> ordered = properties.failoverOrder().stream()
                        .filter(published::containsKey).map(published::get).limit(2).toList();
                for (int i = 0; i < ordered.size(); i++) {
                    ResourceRecordSetFailover role = i == 0 ? ResourceRecordSetFailover.PRIMARY : ResourceRecordSetFailover.SECONDARY;
                    sets.addAll(recordSets(plan, ordered.get(i), i == 0 ? PRIMARY : SECONDARY, b -> b.failover(role),
                            healthCheckId));
                }
            }
        }
        return sets;
    }

    private static List<ResourceRecordSet> recordSets(DnsPlan plan, DnsPlan.Region region, String setIdentifier,
                                                      Function<ResourceRecordSet.Builder, ResourceRecordSet.Builder> routing,
                                                      Function<DnsPlan.Region, String> healthCheckId) {
        List<ResourceRecordSet> sets = new ArrayList<>();
        String check = null;
        for (RRType type : List.of(RRType.A, RRType.AAAA)) {
            List<String> values = type == RRType.A ? region.v4() : region.v6();
            if (values.isEmpty()) {
                continue;
            }
            check = check != null ? check : healthCheckId.apply(region);
            ResourceRecordSet.Builder b = ResourceRecordSet.builder().name(plan.name()).type(type)
                    .setIdentifier(setIdentifier).ttl(plan.ttlSeconds()).healthCheckId(check)
                    .resourceRecords(values.stream().map(v -> ResourceRecord.builder().value(v).build()).toList());
            sets.add(routing.apply(b).build());
        }
        return sets;
    }

    /**
     * The changes, in order, that turn {@code existing} (the A and AAAA record sets listed under
     * the plan's name) into {@code desired}; empty when they already match.
     */
    public static List<Change> changes(List<ResourceRecordSet> desired, List<ResourceRecordSet> existing) {
        Map<Key, ResourceRecordSet> current = new LinkedHashMap<>();
        existing.forEach(s -> current.put(Key.of(s), s));
        Map<Key, ResourceRecordSet> wanted = new LinkedHashMap<>();
        desired.forEach(s -> wanted.put(Key.of(s), s));
        List<Change> changes = new ArrayList<>();
        current.entrySet().stream().filter(e -> !wanted.containsKey(e.getKey()))
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> changes.add(change(ChangeAction.DELETE, e.getValue())));
        wanted.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            ResourceRecordSet now = current.get(e.getKey());
            if (now == null) {
                changes.add(change(ChangeAction.CREATE, e.getValue()));
            } else if (!Shape.of(now).equals(Shape.of(e.getValue()))) {
                changes.add(change(ChangeAction.UPSERT, e.getValue()));
            }
        });
        return changes;
    }

    private static Change change(ChangeAction action, ResourceRecordSet set) {
        return Change.builder().action(action).resourceRecordSet(set).build();
    }

    /** Whether a listed record set is one the provider owns: the plan's name, type A or AAAA. */
    static boolean owned(ResourceRecordSet set, String name) {
        return GeoDnsAnswers.canonical(set.name()).equals(name)
                && (set.type() == RRType.A || set.type() == RRType.AAAA);
    }

    /** What identifies a record set within a name: its type and set identifier. */
    private record Key(String type, String setIdentifier) implements Comparable<Key> {
        static Key of(ResourceRecordSet s) {
            return new Key(s.typeAsString(), Objects.requireNonNullElse(s.setIdentifier(), ""));
        }

        @Override
        public int compareTo(Key o) {
            return Comparator.comparing(Key::type).thenComparing(Key::setIdentifier).compare(this, o);
        }
    }

    /** What Route 53 serves from a record set, compared regardless of value order. */
    private record Shape(String region, String failover, Long ttl, String healthCheckId, Set<String> values,
                         boolean alias) {
        static Shape of(ResourceRecordSet s) {
            Set<String> values = new TreeSet<>();
            s.resourceRecords().forEach(r -> values.add(r.value()));
            return new Shape(s.regionAsString(), s.failoverAsString(), s.ttl(), s.healthCheckId(), values,
                    s.aliasTarget() != null);
        }
    }
}
