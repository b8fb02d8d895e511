package dev.geocdn.cache.memory;

import dev.geocdn.cache.store.Body;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;

/** Test content: random bytes, or bytes that are a function of a seed and the position, so that corruption shows. */
final class Content {

    private Content() {
    }

    static byte[] random(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** The byte at {@code position} of the body made from {@code seed}. */
    static byte at(long seed, long position) {
        long x = (seed * 31 + position) * 0x9E3779B97F4A7C15L;
        return (byte) (x >>> 56);
    }

    /** Appends {@code bytes} to {@code writer} in chunks of at most {@code chunk}; false when an append was refused. */
    static boolean write(BodyWriter writer, byte[] bytes, int chunk) {
        for (int from = 0; from < bytes.length; from += chunk) {
            int n = Math.min(chunk, bytes.length - from);
            if (!writer.append(ByteBuffer.wrap(bytes, from, n))) {
                return false;
            }
        }
        return true;
    }

    /** Appends {@code length} bytes of seeded content; false when an append was refused. */
    static boolean writeSeeded(BodyWriter writer, long seed, long length, int chunk) {
        byte[] buffer = new byte[chunk];
        for (long from = 0; from < length; from += chunk) {
            int n = (int) Math.min(chunk, length - from);
            for (int i = 0; i < n; i++) {
                buffer[i] = at(seed, from + i);
            }
            if (!writer.append(ByteBuffer.wrap(buffer, 0, n))) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code body} holds exactly the seeded content of its length. */
    static boolean isSeeded(Body body, long seed) {
        boolean[] ok = {true};
        long[] position = {0};
        body.forEachSlice(0, body.length(), view -> ok[0] &= matches(view, seed, position));
        return ok[0] && position[0] == body.length();
    }

    /** Whether {@code views} hold the seeded content from {@code from}. */
    static boolean isSeeded(List<ByteBuffer> views, long seed, long from) {
        long[] position = {from};
        boolean ok = true;
        for (ByteBuffer view : views) {
            ok &= matches(view, seed, position);
        }
        return ok;
    }

    private static boolean matches(ByteBuffer view, long seed, long[] position) {
        ByteBuffer copy = view.duplicate();
        boolean ok = true;
        while (copy.hasRemaining()) {
            ok &= copy.get() == at(seed, position[0]++);
        }
        return ok;
    }

    static byte[] concat(List<ByteBuffer> views) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuffer view : views) {
            byte[] bytes = new byte[view.remaining()];
            view.duplicate().get(bytes);
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }
}
