package dev.geocdn.cache.tier;

import dev.geocdn.cache.http.Headers;
import dev.geocdn.cache.store.StoredResponse;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The bytes a stored response is kept as outside the process (a persistence tier such as
 * Redis): everything needed to serve it again as if it had never left memory, and nothing that
 * can be worked out again.
 *
 * <p>Layout, version 1: the version byte; the status; the request and response times, the
 * freshness lifetime and the corrected initial age (RFC 9111 section 4.2.3), so that an object
 * read back has the age it would have had; the hybrid-logical-clock time its fill started, so
 * that a purge applied since refuses it exactly as in memory; the Vary selection; the fields;
 * then the body. Integers are unsigned LEB128 varints (times fit in six bytes), signed values
 * zigzag-encoded; strings are UTF-8 with a varint length. The cache directives are not stored:
 * they follow from the fields and the reading node's rules.
 *
 * <p>A URL whose responses vary keeps, under its own key, a variant list instead
 * ({@link #encodeVariants}): {@link #VARIANTS}, then the request field names.
 *
 * <p>A reader meets bytes from other versions of the product, or damaged ones: anything it
 * cannot read is a {@link TierFormatException}, never a half-built response, and the caller
 * treats the entry as absent.
 */
public final class TierEncoding {

    /** The layout written by this version. */
    public static final byte VERSION = 1;

    /**
     * The first byte of a URL's variant list: what is kept under a URL whose responses vary
     * (RFC 9111 section 4.1), the request fields they vary by, so that a reader can work out which
     * variant's key to read for its request.
     */
    public static final byte VARIANTS = 'V';

    private TierEncoding() {
    }

    /**
     * Encodes {@code response}, its body included.
     *
     * @param fillStartedAt the hybrid-logical-clock time its fill started
     * @throws IllegalArgumentException when the body is too large for one array
     */
    public static byte[] encode(StoredResponse response, long fillStartedAt) {
        long bodyLength = response.body().length();
        Headers headers = response.headers();
        byte[][] fields = new byte[headers.size() * 2][];
        byte[] secondary = utf8(response.secondaryKey());
        long size = 1 + varLength(response.status()) + signedLength(response.requestTimeMillis())
                + signedLength(response.responseTimeMillis()) + signedLength(response.freshnessLifetimeMillis())
                + signedLength(response.correctedInitialAgeMillis()) + signedLength(fillStartedAt)
                + bytesLength(secondary) + varLength(headers.size()) + varLength(bodyLength) + bodyLength;
        for (int i = 0; i < headers.size(); i++) {
            fields[2 * i] = utf8(headers.name(i));
            fields[2 * i + 1] = utf8(headers.value(i));
            size += bytesLength(fields[2 * i]) + bytesLength(fields[2 * i + 1]);
        }
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("response too large to encode: " + bodyLength + " body bytes");
        }
        // sized exactly, so that the body is copied once, straight into the result
        ByteBuffer out = ByteBuffer.allocate((int) size);
        out.put(VERSION);
        putVarLong(out, response.status());
        putSigned(out, response.requestTimeMillis());
        putSigned(out, response.responseTimeMillis());
        putSigned(out, response.freshnessLifetimeMillis());
        putSigned(out, response.correctedInitialAgeMillis());
        putSigned(out, fillStartedAt);
        putBytes(out, secondary);
        putVarLong(out, headers.size());
        for (byte[] field : fields) {
            putBytes(out, field);
        }
        putVarLong(out, bodyLength);
        if (bodyLength > 0 && !response.body().copyTo(0, out.array(), out.position(), (int) bodyLength)) {
            throw new IllegalStateException("the body's memory was freed while it was encoded");
        }
        return out.array();
    }

    private static int varLength(long value) {
        return value == 0 ? 1 : (64 - Long.numberOfLeadingZeros(value) + 6) / 7;
    }

    private static int signedLength(long value) {
        return varLength((value << 1) ^ (value >> 63));
    }

    private static int bytesLength(byte[] bytes) {
        return varLength(bytes.length) + bytes.length;
    }

    /**
     * Reads everything but the body from {@code bytes}; the body lies at
     * {@link TierEntry#bodyOffset()} for {@link TierEntry#bodyLength()} bytes.
     *
     * @throws TierFormatException when the bytes are of another version, truncated or inconsistent
     */
    public static TierEntry decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            byte version = in.get();
            if (version != VERSION) {
                throw new TierFormatException("unknown layout version " + version);
            }
            long status = getVarLong(in);
            if (status < 100 || status > 999) {
                throw new TierFormatException("status " + status + " out of range");
            }
            long requestTime = getSigned(in);
            long responseTime = getSigned(in);
            long lifetime = getSigned(in);
            long initialAge = getSigned(in);
            long fillStartedAt = getSigned(in);
            String secondaryKey = getString(in);
            long count = getLength(in); // each field takes two bytes at least, so this bounds it too
            Headers.Builder fields = Headers.EMPTY.newBuilder();
            for (int i = 0; i < count; i++) {
                fields.add(getString(in), getString(in));
            }
            long bodyLength = getLength(in);
            if (bodyLength != in.remaining()) {
                throw new TierFormatException("body of " + in.remaining() + " bytes where " + bodyLength + " were written");
            }
            return new TierEntry((int) status, fields.build(), requestTime, responseTime, lifetime, initialAge,
                    secondaryKey, fillStartedAt, in.position(), (int) bodyLength);
        } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
            if (e instanceof TierFormatException format) {
                throw format;
            }
            throw new TierFormatException("truncated or damaged entry: " + e.getMessage());
        }
    }

    /** A URL's variant list: the request fields its responses vary by, in the order {@code Vary} names them. */
    public static byte[] encodeVariants(List<String> fieldNames) {
        byte[][] names = new byte[fieldNames.size()][];
        int size = 1 + varLength(names.length);
        for (int i = 0; i < names.length; i++) {
            names[i] = utf8(fieldNames.get(i));
            size += bytesLength(names[i]);
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(VARIANTS);
        putVarLong(out, names.length);
        for (byte[] name : names) {
            putBytes(out, name);
        }
        return out.array();
    }

    /**
     * The field names of a variant list, or empty when {@code bytes} hold a response instead.
     *
     * @throws TierFormatException when they are a variant list, truncated or damaged
     */
    public static Optional<List<String>> variants(byte[] bytes) {
        if (bytes.length == 0 || bytes[0] != VARIANTS) {
            return Optional.empty();
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
        try {
            long count = getLength(in);
            List<String> names = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                names.add(getString(in));
            }
            if (in.hasRemaining()) {
                throw new TierFormatException("variant list with " + in.remaining() + " bytes left over");
            }
            return Optional.of(List.copyOf(names));
        } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
            if (e instanceof TierFormatException format) {
                throw format;
            }
            throw new TierFormatException("truncated or damaged variant list: " + e.getMessage());
        }
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static void putBytes(ByteBuffer out, byte[] bytes) {
        putVarLong(out, bytes.length);
        out.put(bytes);
    }

    private static String getString(ByteBuffer in) {
        int length = (int) getLength(in);
        String value = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return value;
    }

    /** A length, which can be no more than the bytes left after it. */
    private static long getLength(ByteBuffer in) {
        long length = getVarLong(in);
        if (Long.compareUnsigned(length, in.remaining()) > 0) {
            throw new TierFormatException("length " + Long.toUnsignedString(length) + " beyond the "
                    + in.remaining() + " bytes left");
        }
        return length;
    }

    private static void putSigned(ByteBuffer out, long value) {
        putVarLong(out, (value << 1) ^ (value >> 63));
    }

    private static long getSigned(ByteBuffer in) {
        long raw = getVarLong(in);
        return (raw >>> 1) ^ -(raw & 1);
    }

    /** Unsigned LEB128: seven bits per byte, low bits first, the high bit set on all but the last. */
    static void putVarLong(ByteBuffer out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.put((byte) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.put((byte) value);
    }

    static long getVarLong(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new TierFormatException("varint longer than ten bytes");
    }
}
