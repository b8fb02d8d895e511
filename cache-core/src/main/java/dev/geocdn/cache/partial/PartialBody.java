package dev.geocdn.cache.partial;

import dev.geocdn.cache.store.Body;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The parts of one representation that the cache holds: byte ranges of it, each a body of its
 * own, sorted and never overlapping, with the representation's complete length (RFC 9111
 * section 3.3, "storing incomplete responses").
 *
 * <p>Coordinates: {@link #forEachSlice} takes offsets in the representation, and may only be
 * asked for bytes the parts cover; {@link #length()} is the number of bytes held, which is what
 * the store charges. Once the parts cover the whole representation the body is complete and
 * reads like any other body of {@link #completeLength()} bytes.
 *
 * <p>Memory: the parts may live off the heap; a reference on this body is a reference on every
 * part, taken all or nothing, so a body assembled from parts that another body shares keeps
 * them alive for as long as either is held.
 */
public final class PartialBody implements Body {

    /** One held part: {@code body} is the representation's bytes from {@code start}. */
    public record Part(long start, Body body) {
        /** One past the part's last byte. */
        public long end() {
            return start + body.length();
        }
    }

    private final List<Part> parts;
    private final long completeLength;
    private final long held;

    private PartialBody(List<Part> parts, long completeLength) {
        this.parts = List.copyOf(parts);
        this.completeLength = completeLength;
        long sum = 0;
        for (Part part : parts) {
            sum += part.body().length();
        }
        this.held = sum;
    }

    /** A body holding {@code body} as the bytes from {@code start} of a representation of {@code completeLength}. */
    public static PartialBody of(long completeLength, long start, Body body) {
        if (start < 0 || body.length() == 0 || start + body.length() > completeLength) {
            throw new IllegalArgumentException("part " + start + "+" + body.length() + " outside 0-" + completeLength);
        }
        return new PartialBody(List.of(new Part(start, body)), completeLength);
    }

    /**
     * These parts with {@code other}'s added. Where they overlap, {@code other}'s part wins and a
     * part of this body it touches is dropped whole (the same representation's bytes, so nothing
     * is lost that matters; parts are never cut, so no memory is copied).
     *
     * @throws IllegalArgumentException when the complete lengths differ (another representation)
     */
    public PartialBody with(PartialBody other) {
        if (other.completeLength != completeLength) {
            throw new IllegalArgumentException("complete lengths differ: " + completeLength + " and " + other.completeLength);
        }
        List<Part> merged = new ArrayList<>(parts.size() + other.parts.size());
        for (Part mine : parts) {
            boolean touched = false;
            for (Part theirs : other.parts) {
                touched |= mine.start() < theirs.end() && theirs.start() < mine.end();
            }
            if (!touched) {
                merged.add(mine);
            }
        }
        merged.addAll(other.parts);
        merged.sort((a, b) -> Long.compare(a.start(), b.start()));
        return new PartialBody(merged, completeLength);
    }

    /** The representation's complete length. */
    public long completeLength() {
        return completeLength;
    }

    /** The held parts, in order. */
    public List<Part> parts() {
        return parts;
    }

    /** Whether the parts cover the whole representation. */
    public boolean isComplete() {
        return held == completeLength;
    }

    /** Whether the parts hold every byte of {@code [first, last]}. */
    public boolean covers(long first, long last) {
        return missing(first, last) == null;
    }

    /**
     * The smallest range {@code [a, b]} (inclusive) within {@code [first, last]} that contains
     * every byte the parts do not hold, or null when they hold them all: what to ask the origin
     * for, as one range.
     */
    public long[] missing(long first, long last) {
        long from = first;
        long to = last;
        // advance past parts that cover the start, retreat past parts that cover the end
        boolean moved = true;
        while (moved && from <= to) {
            moved = false;
            for (Part part : parts) {
                if (part.start() <= from && from < part.end()) {
                    from = part.end();
                    moved = true;
                }
                if (part.start() <= to && to < part.end()) {
                    to = part.start() - 1;
                    moved = true;
                }
            }
        }
        return from > to ? null : new long[] {from, to};
    }

    @Override
    public long length() {
        return held;
    }

    @Override
    public long allocatedBytes() {
        long sum = 0;
        for (Part part : parts) {
            sum += part.body().allocatedBytes();
        }
        return sum;
    }

    @Override
    public boolean isPooled() {
        for (Part part : parts) {
            if (part.body().isPooled()) {
                return true;
            }
        }
        return false;
    }

    /** Views of the representation's bytes {@code [offset, offset + length)}, which the parts must cover. */
    @Override
    public void forEachSlice(long offset, long length, Consumer<ByteBuffer> sink) {
        if (length == 0) {
            return;
        }
        if (!covers(offset, offset + length - 1)) {
            throw new IllegalArgumentException("bytes " + offset + "+" + length + " are not all held");
        }
        long position = offset;
        long end = offset + length;
        for (Part part : parts) {
            if (position >= end) {
                return;
            }
            if (part.end() <= position || part.start() > position) {
                continue;
            }
            long take = Math.min(end, part.end()) - position;
            part.body().forEachSlice(position - part.start(), take, sink);
            position += take;
        }
    }

    @Override
    public boolean retain() {
        for (int i = 0; i < parts.size(); i++) {
            if (!parts.get(i).body().retain()) {
                for (int j = 0; j < i; j++) {
                    parts.get(j).body().release();
                }
                return false;
            }
        }
        return true;
    }

    @Override
    public void release() {
        for (Part part : parts) {
            part.body().release();
        }
    }
}
