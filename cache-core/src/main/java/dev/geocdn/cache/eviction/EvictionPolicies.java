package dev.geocdn.cache.eviction;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The registry of eviction policies by configuration name. W-TinyLFU is the default: it keeps
 * popular objects against scans and one-hit wonders, which is what an edge cache sees. The
 * others ({@code lru}, {@code sieve}, {@code s3-fifo}) serialise writes on one lock per store
 * (see {@code LockedStore}); they are here for comparison and for workloads where they win.
 */
public final class EvictionPolicies {

    /** The default policy's name. */
    public static final String DEFAULT = "w-tinylfu";

    private static final Map<String, EvictionPolicy> POLICIES = new LinkedHashMap<>();

    static {
        register(new TinyLfuPolicy());
        register(new LruPolicy());
        register(new SievePolicy());
        register(new S3FifoPolicy());
    }

    private EvictionPolicies() {
    }

    private static void register(EvictionPolicy policy) {
        POLICIES.put(policy.name(), policy);
    }

    /** The names a user may configure. */
    public static Set<String> names() {
        return Collections.unmodifiableSet(POLICIES.keySet());
    }

    /**
     * The policy called {@code name} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the known policies when there is none such
     */
    public static EvictionPolicy byName(String name) {
        EvictionPolicy policy = POLICIES.get(name == null ? DEFAULT : name.toLowerCase(Locale.ROOT));
        if (policy == null) {
            throw new IllegalArgumentException("unknown eviction policy '" + name + "'; known: " + names());
        }
        return policy;
    }
}
