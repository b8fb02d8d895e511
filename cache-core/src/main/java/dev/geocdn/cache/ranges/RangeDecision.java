package dev.geocdn.cache.ranges;

import java.util.List;

/**
 * How to answer a request that may carry a Range header field (RFC 9110 section 14.2).
 *
 * <p>A closed set of values so a caller's {@code switch} must handle every answer: the whole
 * representation (200), some of it (206) or none of it (416).
 */
public sealed interface RangeDecision
        permits RangeDecision.Full, RangeDecision.Partial, RangeDecision.Unsatisfiable {

    /** The single {@link Full} value. */
    Full FULL = new Full();

    /**
     * Ignore the Range header field and send 200 (OK) with the whole representation. RFC 9110
     * section 14.2 lets a server ignore Range for any reason, and requires it when If-Range fails
     * (section 13.1.5).
     */
    record Full() implements RangeDecision {
    }

    /**
     * Send 206 (Partial Content), RFC 9110 section 15.3.7: one range as a single part with a
     * Content-Range field, several as a {@code multipart/byteranges} body (see
     * {@link MultipartByteRanges}).
     *
     * @param ranges the ranges to send, in the order to send them; never empty
     */
    record Partial(List<ByteRange> ranges) implements RangeDecision {

        /** Copies {@code ranges}; a 206 with nothing in it does not exist. */
        public Partial {
            ranges = List.copyOf(ranges);
            if (ranges.isEmpty()) {
                throw new IllegalArgumentException("a partial response needs at least one range");
            }
        }

        /**
         * Whether the body must be {@code multipart/byteranges}; a single range is sent as a single
         * part, since RFC 9110 section 14.6 forbids multipart for a single range.
         */
        public boolean isMultipart() {
            return ranges.size() > 1;
        }

        /** The first (for a single-part response, the only) range. */
        public ByteRange first() {
            return ranges.get(0);
        }
    }

    /**
     * Send 416 (Range Not Satisfiable), RFC 9110 section 15.5.17: no requested range overlaps the
     * representation.
     *
     * @param completeLength the representation's length, reported so the client can retry
     */
    record Unsatisfiable(long completeLength) implements RangeDecision {

        /** Rejects negative lengths: an unknown length cannot be reported in Content-Range. */
        public Unsatisfiable {
            if (completeLength < 0) {
                throw new IllegalArgumentException("negative complete length " + completeLength);
            }
        }

        /**
         * The Content-Range field value a 416 should carry (RFC 9110 section 14.4):
         * {@code bytes *}{@code /1000}.
         */
        public String contentRange() {
            return "bytes */" + completeLength;
        }
    }
}
