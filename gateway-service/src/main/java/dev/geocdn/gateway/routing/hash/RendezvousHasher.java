package dev.geocdn.gateway.routing.hash;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Rendezvous (highest random weight) hashing: every node gets a score for a key, and the key's
 * owner is the node with the highest score; the order of the scores is the failover order.
 *
 * <p>Why HRW rather than a ring: with a handful of nodes per region, HRW needs no virtual
 * nodes to spread keys evenly, and when a node leaves only its own keys move (to their second
 * choice), about 1/N of them; when it returns, they move back. Every gateway computes the same
 * order from the same membership, so each object has one copy per region. Cost: O(N) per
 * request, which for N of a few dozen is cheaper than a ring lookup's cache misses.
 * [1] Thaler and Ravishankar, "Using name-based mappings to increase hit rates", 1998.
 *
 * <p>The score mixes a 64-bit FNV-1a hash of the node id with one of the key through the
 * MurmurHash3 finalizer, so that similar ids and keys still score independently.
 */
public final class RendezvousHasher {

    private RendezvousHasher() {
    }

    /** The nodes in failover order for the key: the owner first. Ties (never in practice) by id. */
    public static <N> List<N> rank(String key, List<N> nodes, Function<N, String> id) {
        long keyHash = fnv1a(key);
        return nodes.stream()
                .sorted(Comparator.comparingLong((N n) -> score(keyHash, id.apply(n))).reversed()
                        .thenComparing(id))
                .toList();
    }

    /** The key's owner among the nodes, or null when there is none. */
    public static <N> N owner(String key, List<N> nodes, Function<N, String> id) {
        List<N> ranked = rank(key, nodes, id);
        return ranked.isEmpty() ? null : ranked.get(0);
    }

    static long score(long keyHash, String nodeId) {
        return fmix64(keyHash ^ Long.rotateLeft(fnv1a(nodeId), 31));
    }

    static long fnv1a(String text) {
        long h = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    private static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
