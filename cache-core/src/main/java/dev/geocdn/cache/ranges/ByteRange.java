package dev.geocdn.cache.ranges;

/**
 * A satisfiable byte range of a representation, both ends inclusive as in RFC 9110 section 14.1.2
 * ({@code bytes=0-0} is the first byte).
 *
 * <p>Instances are always already resolved against the representation's length: suffix and
 * open-ended requests have been turned into concrete positions, so a writer can slice its stored
 * body without any more arithmetic.
 *
 * @param first offset of the first byte, from 0
 * @param last  offset of the last byte, at least {@code first}
 */
public record ByteRange(long first, long last) {

    /** Rejects negative or reversed ranges, which no response can describe. */
    public ByteRange {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("invalid byte range " + first + "-" + last);
        }
    }

    /** The number of bytes in the range; never zero. */
    public long length() {
        return last - first + 1;
    }

    /**
     * The Content-Range field value of a 206 part carrying this range (RFC 9110 section 14.4):
     * {@code bytes 0-99/1000}.
     *
     * @param completeLength the representation's length, which the range must lie within
     */
    public String contentRange(long completeLength) {
        if (last >= completeLength) {
            throw new IllegalArgumentException(this + " exceeds complete length " + completeLength);
        }
        return "bytes " + first + '-' + last + '/' + completeLength;
    }

    /** Whether this range and {@code other} share a byte or touch ({@code 0-4} and {@code 5-9}). */
    boolean overlapsOrAdjoins(ByteRange other) {
        return first <= other.last + 1 && other.first <= last + 1;
    }

    /** The smallest range covering this one and {@code other}. */
    ByteRange span(ByteRange other) {
        return new ByteRange(Math.min(first, other.first), Math.max(last, other.last));
    }

    @Override
    public String toString() {
        return first + "-" + last;
    }
}
