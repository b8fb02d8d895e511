package dev.geocdn.health.dns.provider.route53;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The state behind {@link Route53StandIn}: one hosted zone's record sets and the account's
 * health checks, with Route 53's rules for what a change batch may do (Route 53 API reference,
 * ChangeResourceRecordSets and CreateHealthCheck). Every rule the provider could break is
 * enforced, so that a provider test passing against this zone means Route 53 would accept the
 * same requests: a batch is all or nothing; CREATE of an existing record set and DELETE of a
 * missing one, or with other values, are InvalidChangeBatch; a record set with a set identifier
 * needs exactly one routing policy; records of one name and type are either one simple record
 * set or routed ones of one policy; a failover pair has one PRIMARY and one SECONDARY; a health
 * check id must exist. Thread-safe (the HTTP server has one thread, tests read from theirs).
 */
final class Route53Zone {

    /** A Route 53 error: HTTP status, error code and messages. */
    static final class Route53Error extends RuntimeException {
        final int status;
        final String code;
        final List<String> messages;

        Route53Error(int status, String code, List<String> messages) {
            super(code + ": " + messages);
            this.status = status;
            this.code = code;
            this.messages = List.copyOf(messages);
        }
    }

    record RecordSet(String name, String type, String setIdentifier, String region, String failover, Long ttl,
                     List<String> values, String healthCheckId) {
        Key key() {
            return new Key(name, type, setIdentifier == null ? "" : setIdentifier);
        }

        String describe() {
            return "[name='" + name + "', type='" + type + "'" + (setIdentifier == null ? "" : ", set-identifier='" + setIdentifier + "'") + "]";
        }

        /** What a DELETE must match: everything but the order of values. */
        boolean sameAs(RecordSet o) {
            return Objects.equals(region, o.region) && Objects.equals(failover, o.failover) && Objects.equals(ttl, o.ttl)
                    && Objects.equals(healthCheckId, o.healthCheckId) && Set.copyOf(values).equals(Set.copyOf(o.values));
        }
    }

    /** Route 53's list order: names by labels from the root, then type, then set identifier. */
    record Key(String name, String type, String setIdentifier) implements Comparable<Key> {
        private static String reversed(String name) {
            List<String> labels = new ArrayList<>(List.of(name.split("\\.")));
            Collections.reverse(labels);
            return String.join(".", labels);
        }

        @Override
        public int compareTo(Key o) {
            return Comparator.comparing((Key k) -> reversed(k.name)).thenComparing(Key::type)
                    .thenComparing(Key::setIdentifier).compare(this, o);
        }
    }

    record Change(String action, RecordSet set) {
    }

    record HealthCheck(String id, String callerReference, Map<String, String> config) {
    }

    final String zoneName;
    private final TreeMap<Key, RecordSet> records = new TreeMap<>();
    private final Map<String, HealthCheck> checksByReference = new LinkedHashMap<>();
    private final Set<String> deletedReferences = new HashSet<>();
    private final List<List<Change>> batches = new ArrayList<>();
    private int createHealthCheckCalls;

    Route53Zone(String zoneName) {
        this.zoneName = zoneName;
    }

    /** Applies a change batch all or nothing, or throws what Route 53 answers. */
    synchronized void apply(List<Change> changes) {
        TreeMap<Key, RecordSet> next = new TreeMap<>(records);
        List<String> errors = new ArrayList<>();
        for (Change change : changes) {
            RecordSet set = change.set();
            check(set);
            RecordSet existing = next.get(set.key());
            switch (change.action()) {
                case "CREATE" -> {
                    if (existing != null) {
                        errors.add("Tried to create resource record set " + set.describe() + " but it already exists");
                    }
                    next.put(set.key(), set);
                }
                case "DELETE" -> {
                    if (existing == null) {
                        errors.add("Tried to delete resource record set " + set.describe() + " but it was not found");
                    } else if (!existing.sameAs(set)) {
                        errors.add("Tried to delete resource record set " + set.describe()
                                + " but the values provided do not match the current values");
                    }
                    next.remove(set.key());
                }
                case "UPSERT" -> next.put(set.key(), set);
                default -> throw new Route53Error(400, "InvalidInput", List.of("Invalid action " + change.action()));
            }
        }
        errors.addAll(conflicts(next));
        if (!errors.isEmpty()) {
            throw new Route53Error(400, "InvalidChangeBatch", errors);
        }
        records.clear();
        records.putAll(next);
        batches.add(List.copyOf(changes));
    }

    private void check(RecordSet set) {
        if (!set.name().equals(zoneName) && !set.name().endsWith("." + zoneName)) {
            throw new Route53Error(400, "InvalidChangeBatch",
                    List.of("RRSet with DNS name " + set.name() + " is not permitted in zone " + zoneName));
        }
        long policies = (set.region() != null ? 1 : 0) + (set.failover() != null ? 1 : 0);
        if (set.setIdentifier() != null && policies != 1 || set.setIdentifier() == null && policies != 0) {
            throw new Route53Error(400, "InvalidInput", List.of("Invalid request: Expected exactly one of [Weight, Region, "
                    + "Failover, GeoLocation, MultiValueAnswer, GeoProximityLocation, or CidrRoutingConfig] with a "
                    + "SetIdentifier in " + set.describe()));
        }
        if (set.healthCheckId() != null && checksByReference.values().stream().noneMatch(c -> c.id().equals(set.healthCheckId()))) {
            throw new Route53Error(404, "NoSuchHealthCheck", List.of("A health check with id " + set.healthCheckId() + " does not exist."));
        }
        for (String value : set.values()) {
            InetAddress address = parse(value);
            if (set.type().equals("A") && !(address instanceof Inet4Address) || set.type().equals("AAAA") && !(address instanceof Inet6Address)) {
                throw new Route53Error(400, "InvalidChangeBatch", List.of(set.type() + "RRDATAIllegal value " + value));
            }
        }
    }

    private static InetAddress parse(String value) {
        if (!value.matches("[0-9a-fA-F:.]+")) {
            return null;
        }
        try {
            return InetAddress.getByName(value);
        } catch (java.net.UnknownHostException e) {
            return null;
        }
    }

    /** What the zone would hold that Route 53 does not allow under one name and type. */
    private static List<String> conflicts(Map<Key, RecordSet> all) {
        List<String> errors = new ArrayList<>();
        Map<String, List<RecordSet>> byNameAndType = all.values().stream()
                .collect(Collectors.groupingBy(s -> s.name() + " " + s.type(), TreeMap::new, Collectors.toList()));
        byNameAndType.forEach((nameAndType, sets) -> {
            Set<String> kinds = sets.stream().map(s -> s.setIdentifier() == null ? "simple" : s.region() != null ? "latency" : "failover")
                    .collect(Collectors.toSet());
            long simple = sets.stream().filter(s -> s.setIdentifier() == null).count();
            Map<String, Long> roles = sets.stream().filter(s -> s.failover() != null)
                    .collect(Collectors.groupingBy(RecordSet::failover, Collectors.counting()));
            if (kinds.size() > 1 || simple > 1 || roles.values().stream().anyMatch(n -> n > 1)) {
                errors.add("RRSet of type " + sets.getFirst().type() + " with DNS name " + sets.getFirst().name()
                        + " is not permitted because a conflicting RRSet of type " + sets.getFirst().type()
                        + " with the same DNS name already exists");
            }
        });
        return errors;
    }

    /** A page of record sets, and the key to continue from (null at the end). */
    record Page(List<RecordSet> sets, Key next) {
    }

    /** A page of at most {@code max} record sets from {@code start} on, in Route 53's order. */
    synchronized Page list(Key start, int max) {
        List<RecordSet> page = new ArrayList<>();
        Key next = null;
        for (RecordSet set : records.tailMap(start, true).values()) {
            if (page.size() == max) {
                next = set.key();
                break;
            }
            page.add(set);
        }
        return new Page(page, next);
    }

    /** Route 53's CreateHealthCheck: idempotent by caller reference and settings. */
    synchronized HealthCheck createHealthCheck(String callerReference, Map<String, String> config) {
        createHealthCheckCalls++;
        HealthCheck existing = checksByReference.get(callerReference);
        if (deletedReferences.contains(callerReference) || existing != null && !existing.config().equals(config)) {
            throw new Route53Error(409, "HealthCheckAlreadyExists",
                    List.of("A health check with the caller reference " + callerReference + " already exists or was deleted."));
        }
        if (existing != null) {
            return existing;
        }
        HealthCheck created = new HealthCheck(UUID.randomUUID().toString(), callerReference, Map.copyOf(config));
        checksByReference.put(callerReference, created);
        return created;
    }

    synchronized List<HealthCheck> healthChecks() {
        return List.copyOf(checksByReference.values());
    }

    synchronized int createHealthCheckCalls() {
        return createHealthCheckCalls;
    }

    /** As if someone deleted a health check in the console; its caller reference can never be used again. */
    synchronized void deleteHealthCheckByHand(String id) {
        checksByReference.values().removeIf(c -> {
            if (c.id().equals(id)) {
                deletedReferences.add(c.callerReference());
                return true;
            }
            return false;
        });
    }

    /** Puts or removes record sets as someone editing the zone by hand would, without a batch. */
    synchronized void editByHand(List<RecordSet> put, List<Key> remove) {
        remove.forEach(records::remove);
        put.forEach(s -> records.put(s.key(), s));
    }

    synchronized List<RecordSet> recordSets() {
        return List.copyOf(records.values());
    }

    /** Every accepted batch, in order. */
    synchronized List<List<Change>> batches() {
        return List.copyOf(batches);
    }

    /** Ids of health checks, for looking up one by its address. */
    synchronized Map<String, String> healthCheckIdsByAddress() {
        Map<String, String> ids = new HashMap<>();
        checksByReference.values().forEach(c -> ids.put(c.config().get("IPAddress"), c.id()));
        return ids;
    }
}
