package dev.geocdn.protocol.topology;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Rendezvous (highest random weight) hashing: every node gets a score for a key, and the key's
 * owner is the node with the highest score; the order of the scores is the failover order.
 *
 * <p>Why HRW rather than a ring: with a handful of nodes per region, HRW needs no virtual
 * nodes to spread keys evenly, and when a node leaves only its own keys move (to their second
 * choice), about 1/N of them; when it returns, they move back. Every gateway, and every warming
 * job of the invalidation service, computes the same order from the same membership, so each
 * object has one copy per region. Cost: O(N) per
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
        long[] idHashes = new long[nodes.size()];
        for (int i = 0; i < idHashes.length; i++) {
            idHashes[i] = idHash(id.apply(nodes.get(i)));
        }
        return rank(key, nodes, idHashes, id);
    }

    /**
     * As {@link #rank(String, List, Function)} with each node's {@link #idHash} computed once
     * beforehand (the request path ranks the same nodes for every key).
     */
    public static <N> List<N> rank(String key, List<N> nodes, long[] idHashes, Function<N, String> id) {
        long keyHash = fnv1a(key);
        int n = nodes.size();
        long[] scores = new long[n];
        List<N> ranked = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long score = fmix64(keyHash ^ idHashes[i]);
            N node = nodes.get(i);
            int at = ranked.size();
            // insertion by descending score: n is a region's node count, a handful to a few dozen
            while (at > 0 && (scores[at - 1] < score
                    || (scores[at - 1] == score && id.apply(ranked.get(at - 1)).compareTo(id.apply(node)) > 0))) {
                scores[at] = scores[at - 1];
                at--;
            }
            scores[at] = score;
            ranked.add(at, node);
        }
        return ranked;
    }

    /** A node id's share of its scores, the same for every key. */
    public static long idHash(String nodeId) {
        return Long.rotateLeft(fnv1a(nodeId), 31);
    }

    /** The key's owner among the nodes, or null when there is none. */
    public static <N> N owner(String key, List<N> nodes, Function<N, String> id) {
        List<N> ranked = rank(key, nodes, id);
        return ranked.isEmpty() ? null : ranked.get(0);
    }

    static long score(long keyHash, String nodeId) {
        return fmix64(keyHash ^ idHash(nodeId));
    }

    /** FNV-1a over the text's UTF-8 bytes; ASCII text (nearly every key) is read without encoding it. */
    static long fnv1a(String text) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                return fnv1aUtf8(text);
            }
            h ^= c;
            h *= 0x100000001b3L;
        }
        return h;
    }

    private static long fnv1aUtf8(String text) {
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
