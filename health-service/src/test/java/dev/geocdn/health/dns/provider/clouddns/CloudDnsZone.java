package dev.geocdn.health.dns.provider.clouddns;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The state behind {@link CloudDnsStandIn}: one managed zone's record sets, with Cloud DNS's
 * rules for a change (Cloud DNS API reference, changes.create): atomic; a deletion must name an
 * existing record set and match it exactly (404 notFound, 412 conditionNotMet); an addition must
 * not exist once the deletions are done (409 alreadyExists); a record set has either rrdatas or a
 * routing policy, a geo policy names each location once and only addresses of its type.
 * Record sets are kept as the JSON that was sent (without {@code kind}), so the test sees exactly
 * what the provider wrote. Thread-safe.
 */
final class CloudDnsZone {

    /** A Cloud DNS error: HTTP status, reason ({@code notFound}) and message. */
    static final class CloudDnsError extends RuntimeException {
        final int status;
        final String reason;

        CloudDnsError(int status, String reason, String message) {
            super(message);
            this.status = status;
            this.reason = reason;
        }
    }

    final String dnsName;
    private final TreeMap<String, ObjectNode> rrsets = new TreeMap<>();
    private final List<JsonNode> changes = new ArrayList<>();

    CloudDnsZone(String dnsName) {
        this.dnsName = dnsName;
    }

    private static String key(JsonNode rrset) {
        return rrset.path("name").asString() + " " + rrset.path("type").asString();
    }

    /** Applies a change (deletions, then additions) all or nothing, or throws what Cloud DNS answers. */
    synchronized void apply(JsonNode change) {
        TreeMap<String, ObjectNode> next = new TreeMap<>(rrsets);
        JsonNode deletions = change.path("deletions");
        for (int i = 0; i < deletions.size(); i++) {
            ObjectNode deletion = withoutKind(deletions.get(i));
            ObjectNode existing = next.get(key(deletion));
            if (existing == null) {
                throw new CloudDnsError(404, "notFound", "The 'entity.change.deletions[" + i + "]' resource named '"
                        + key(deletion) + "' does not exist.");
            }
            if (!existing.equals(deletion)) {
                throw new CloudDnsError(412, "conditionNotMet", "Precondition not met for 'entity.change.deletions[" + i + "]'");
            }
            next.remove(key(deletion));
        }
        JsonNode additions = change.path("additions");
        for (int i = 0; i < additions.size(); i++) {
            ObjectNode addition = withoutKind(additions.get(i));
            check(addition, "entity.change.additions[" + i + "]");
            if (next.putIfAbsent(key(addition), addition) != null) {
                throw new CloudDnsError(409, "alreadyExists", "The resource 'entity.change.additions[" + i + "]' named '"
                        + key(addition) + "' already exists");
            }
        }
        rrsets.clear();
        rrsets.putAll(next);
        changes.add(change);
    }

    private void check(ObjectNode rrset, String field) {
        String name = rrset.path("name").asString();
        String type = rrset.path("type").asString();
        if (!name.equals(dnsName) && !name.endsWith("." + dnsName)) {
            throw new CloudDnsError(400, "invalid", "Invalid value for '" + field + ".name': '" + name + "'");
        }
        if (!rrset.has("ttl") || rrset.path("ttl").asInt() < 0) {
            throw new CloudDnsError(400, "invalid", "Invalid value for '" + field + ".ttl'");
        }
        boolean plain = rrset.path("rrdatas").size() > 0;
        boolean routed = rrset.has("routingPolicy");
        if (plain == routed) {
            throw new CloudDnsError(400, "invalid", "Exactly one of rrdatas and routingPolicy must be set in '" + field + "'");
        }
        if (plain) {
            rrset.path("rrdatas").forEach(v -> checkAddress(type, v.asString(), field));
            return;
        }
        JsonNode items = rrset.path("routingPolicy").path("geo").path("items");
        if (items.isEmpty()) {
            throw new CloudDnsError(400, "invalid", "'" + field + ".routingPolicy' must be a geo policy with items here");
        }
        Set<String> locations = new HashSet<>();
        for (JsonNode item : items) {
            String location = item.path("location").asString();
            if (location.isEmpty() || !locations.add(location) || item.path("rrdatas").isEmpty()) {
                throw new CloudDnsError(400, "invalid", "Invalid geo policy item for location '" + location + "' in '" + field + "'");
            }
            item.path("rrdatas").forEach(v -> checkAddress(type, v.asString(), field));
        }
    }

    private static void checkAddress(String type, String value, String field) {
        InetAddress address = null;
        try {
            if (value.matches("[0-9a-fA-F:.]+")) {
                address = InetAddress.getByName(value);
            }
        } catch (UnknownHostException e) {
            // stays null
        }
        if (type.equals("A") && !(address instanceof Inet4Address) || type.equals("AAAA") && !(address instanceof Inet6Address)) {
            throw new CloudDnsError(400, "invalid", "Invalid value for '" + field + ".rrdata': '" + value + "'");
        }
    }

    private static ObjectNode withoutKind(JsonNode node) {
        ObjectNode copy = (ObjectNode) node.deepCopy();
        copy.remove("kind");
        return copy;
    }

    /** Record sets in name order, optionally only those named {@code name}. */
    synchronized List<ObjectNode> list(String name) {
        return rrsets.values().stream().filter(s -> name == null || s.path("name").asString().equals(name))
                .map(ObjectNode::deepCopy).toList();
    }

    /** Puts or removes record sets (by "name type") as someone in the console would, without a change. */
    synchronized void editByHand(List<ObjectNode> put, List<String> remove) {
        remove.forEach(rrsets::remove);
        put.forEach(s -> rrsets.put(key(s), s));
    }

    synchronized Map<String, ObjectNode> recordSets() {
        return new TreeMap<>(rrsets);
    }

    /** Every accepted change, as sent. */
    synchronized List<JsonNode> changes() {
        return List.copyOf(changes);
    }
}
