package dev.geocdn.origin;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import reactor.core.publisher.Flux;

/**
 * Generates the deterministic bodies served under {@code /objects/}, and keeps them in memory so
 * that a benchmark measures the proxy, not the origin.
 *
 * <p>The content of an object is a function of its path, size and version only: a human readable
 * prefix {@code path=...;size=...;version=...;\n} followed by a printable pseudo-random pattern of
 * {@value #PERIOD} bytes (seeded by the prefix) repeated to the requested size. Any byte can thus
 * be computed on its own ({@link #byteAt}), which lets bodies of up to 2 GiB be streamed from a
 * small block and lets tests check ranges and large transfers exactly.
 *
 * <p>Bodies up to {@value #MATERIALIZE_LIMIT} bytes are materialized whole; larger ones keep only
 * the prefix and a block of the pattern a little longer than {@link Body#MAX_BUFFER}. Both are kept
 * in an LRU cache bounded by a total number of bytes.
 */
final class ObjectGenerator {

    /** The length of the repeating pattern: prime, so it never lines up with buffer sizes. */
    static final int PERIOD = 4093;
    static final int MATERIALIZE_LIMIT = 1 << 20;
    private static final byte[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".getBytes(StandardCharsets.US_ASCII);
    private static final int LINE = 80;

    private final long cacheBudget;
    private final Map<Key, Body> cache = new LinkedHashMap<>(256, 0.75f, true);
    private long cachedBytes;

    ObjectGenerator(long cacheBudget) {
        this.cacheBudget = cacheBudget;
    }

    /** A cache of at most 256 MiB or a quarter of the heap, whichever is smaller. */
    static ObjectGenerator withDefaultBudget() {
        return new ObjectGenerator(Math.min(256L << 20, Runtime.getRuntime().maxMemory() / 4));
    }

    private record Key(String path, long size, String version) {
    }

    /** The body of {@code path} with {@code size} bytes and the given (possibly empty) version. */
    Body body(String path, long size, String version) {
        Key key = new Key(path, size, version);
        synchronized (cache) {
            Body cached = cache.get(key);
            if (cached != null) {
                return cached;
            }
        }
        Body created = create(key);
        long weight = weight(created);
        synchronized (cache) {
            Body raced = cache.putIfAbsent(key, created);
            if (raced != null) {
                return raced;
            }
            cachedBytes += weight;
            var eldest = cache.entrySet().iterator();
            while (cachedBytes > cacheBudget && eldest.hasNext()) {
                Body evicted = eldest.next().getValue();
                if (evicted == created) {
                    break;
                }
                cachedBytes -= weight(evicted);
                eldest.remove();
            }
        }
        return created;
    }

    /** The byte at {@code index} of the object, computed without materializing it (for tests). */
    static byte byteAt(String path, long size, String version, long index) {
        byte[] prefix = prefix(path, size, version);
        if (index < prefix.length) {
            return prefix[(int) index];
        }
        return pattern(prefix)[(int) ((index - prefix.length) % PERIOD)];
    }

    /** The whole object as an array (for tests and small objects). */
    static byte[] bytes(String path, long size, String version) {
        byte[] prefix = prefix(path, size, version);
        byte[] pattern = pattern(prefix);
        byte[] out = new byte[Math.toIntExact(size)];
        int head = Math.min(prefix.length, out.length);
        System.arraycopy(prefix, 0, out, 0, head);
        for (int pos = head; pos < out.length; pos += PERIOD) {
            System.arraycopy(pattern, 0, out, pos, Math.min(PERIOD, out.length - pos));
        }
        return out;
    }

    private static Body create(Key key) {
        if (key.size() <= MATERIALIZE_LIMIT) {
            return Body.of(bytes(key.path(), key.size(), key.version()));
        }
        byte[] prefix = prefix(key.path(), key.size(), key.version());
        byte[] pattern = pattern(prefix);
        byte[] block = new byte[Body.MAX_BUFFER + PERIOD];
        for (int pos = 0; pos < block.length; pos += PERIOD) {
            System.arraycopy(pattern, 0, block, pos, Math.min(PERIOD, block.length - pos));
        }
        return new PatternBody(prefix, block, key.size());
    }

    private static long weight(Body body) {
        return body instanceof PatternBody p ? p.prefix().length + p.block().length + 64 : body.length() + 64;
    }

    static byte[] prefix(String path, long size, String version) {
        return ("path=" + path + ";size=" + size + ";version=" + version + ";\n").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] pattern(byte[] prefix) {
        long state = 0xcbf29ce484222325L;
        for (byte b : prefix) {
            state = (state ^ (b & 0xff)) * 0x100000001b3L;
        }
        byte[] pattern = new byte[PERIOD];
        for (int i = 0; i < PERIOD; i++) {
            if (i % LINE == LINE - 1) {
                pattern[i] = '\n';
                continue;
            }
            state += 0x9e3779b97f4a7c15L;
            long z = state;
            z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
            z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
            z ^= z >>> 31;
            pattern[i] = ALPHABET[(int) (z & 63)];
        }
        return pattern;
    }

    /** A large object: the prefix, then slices of a block that holds the pattern a few times over. */
    record PatternBody(byte[] prefix, byte[] block, long length) implements Body {

        @Override
        public Flux<ByteBuf> slice(long from, long count) {
            long end = from + count;
            return Flux.<ByteBuf, Long>generate(() -> from, (state, sink) -> {
                long pos = state;
                if (pos >= end) {
                    sink.complete();
                    return pos;
                }
                if (pos < prefix.length) {
                    int n = (int) Math.min(prefix.length - pos, end - pos);
                    sink.next(Unpooled.wrappedBuffer(prefix, (int) pos, n));
                    return pos + n;
                }
                int offset = (int) ((pos - prefix.length) % PERIOD);
                int n = (int) Math.min(MAX_BUFFER, end - pos);
                sink.next(Unpooled.wrappedBuffer(block, offset, n));
                return pos + n;
            });
        }
    }
}
