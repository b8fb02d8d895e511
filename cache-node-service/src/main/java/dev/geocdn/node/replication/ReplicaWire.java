package dev.geocdn.node.replication;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;

/**
 * How two nodes of different regions exchange a replica. The source offers it with a
 * {@code POST} of fields only; the peer answers with an {@link Outcome}, having pulled the body
 * with a {@code GET} first only when it holds no copy as recent and no purge here covers it. Both
 * carry the cluster's credential ({@code Authorization: Bearer}); the path is reserved on every
 * node's data plane.
 */
public final class ReplicaWire {

    /** The reserved path of offers ({@code POST}) and pulls ({@code GET ?key=&variant=}). */
    public static final String PATH = "/.well-known/geocdn/replica";
    /** The offered object's cache key. */
    public static final String KEY = "X-GeoCDN-Replica-Key";
    /** Its Vary values (secondary key); empty for one without Vary. */
    public static final String VARIANT = "X-GeoCDN-Replica-Variant";
    /** The offering node's region and id, which the peer pulls from. */
    public static final String SOURCE = "X-GeoCDN-Replica-Source";
    /** The representation's strong validator (strong ETag, else Last-Modified), when it has one. */
    public static final String VALIDATOR = "X-GeoCDN-Replica-Validator";
    /** Seconds the offered copy stays fresh. */
    public static final String TTL = "X-GeoCDN-Replica-Ttl";
    /** The object's purge tags, so that the peer can refuse it without pulling. */
    public static final String TAGS = "X-GeoCDN-Replica-Tags";
    /** The peer's answer. */
    public static final String OUTCOME = "X-GeoCDN-Replica-Outcome";

    /** What a peer did with an offer. */
    public enum Outcome {
        /** Pulled and stored. */
        STORED,
        /** Not pulled: it holds the same version (a fresh copy with the same validator) or a later one. */
        HELD,
        /** Not pulled, or pulled and refused: a purge it applied covers the object since its fill. */
        PURGED,
        /** The pull failed (the source no longer holds it, or could not be reached). */
        FAILED;

        public String token() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The outcome named by {@code token}, or {@link #FAILED}. */
        public static Outcome of(String token) {
            for (Outcome outcome : values()) {
                if (outcome.token().equals(token)) {
                    return outcome;
                }
            }
            return FAILED;
        }
    }

    private ReplicaWire() {
    }

    /** {@code SOURCE}'s value: region and node id. */
    public static String source(String region, String nodeId) {
        return region + "/" + nodeId;
    }

    /** Whether {@code authorization} carries {@code secret}, compared in constant time. */
    public static boolean authorized(String authorization, String secret) {
        if (secret == null || authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8),
                secret.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Whether a body of {@code contentType} crosses regions gzipped: text-like types do; images,
     * video and archives, already compressed, do not, nor a body the origin encoded already.
     */
    public static boolean compressible(String contentType, String contentEncoding, List<String> types) {
        if (contentType == null || (contentEncoding != null && !contentEncoding.isBlank()
                && !contentEncoding.equalsIgnoreCase("identity"))) {
            return false;
        }
        String type = contentType.strip().toLowerCase(Locale.ROOT);
        return types.stream().anyMatch(type::startsWith);
    }
}
