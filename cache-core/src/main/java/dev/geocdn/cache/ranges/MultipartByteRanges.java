package dev.geocdn.cache.ranges;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The exact layout of a {@code multipart/byteranges} body (RFC 9110 section 14.6, with the
 * multipart syntax of RFC 2046 section 5.1.1), computed before a byte is written.
 *
 * <p>The body is described as {@link Segment}s rather than produced as bytes so that the caller
 * can stream the parts straight from its stored representation (a file region, a pooled buffer)
 * without copying, and can send an exact Content-Length up front. For each range the layout is:
 * <pre>
 * [CRLF] "--" boundary CRLF            (the CRLF belongs to the delimiter, RFC 2046 5.1.1;
 * "Content-Type: " type CRLF            none before the first boundary)
 * "Content-Range: bytes a-b/len" CRLF
 * CRLF
 * &lt;bytes a..b of the representation&gt;
 * </pre>
 * followed by the close delimiter {@code CRLF "--" boundary "--" CRLF}. Content-Type is omitted
 * from the parts when the representation has none.
 */
public final class MultipartByteRanges {

    private static final String CRLF = "\r\n";
    private static final String BOUNDARY_ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int NEW_BOUNDARY_LENGTH = 32;

    private final String boundary;
    private final List<Segment> segments;
    private final long contentLength;

    private MultipartByteRanges(String boundary, List<Segment> segments) {
        this.boundary = boundary;
        this.segments = List.copyOf(segments);
        long total = 0;
        for (Segment segment : this.segments) {
            total = Math.addExact(total, segment.length());
        }
        this.contentLength = total;
    }

    /**
     * Lays out a multipart/byteranges body for {@code ranges}, in the given order.
     *
     * @param ranges         the ranges, typically {@link RangeDecision.Partial#ranges()}; at least
     *                       one, each within {@code completeLength}
     * @param completeLength the representation's length, repeated in every part's Content-Range
     * @param contentType    the representation's Content-Type, repeated in every part; null to omit
     * @param boundary       a boundary valid under RFC 2046 section 5.1.1 (see {@link #newBoundary})
     */
    public static MultipartByteRanges of(List<ByteRange> ranges, long completeLength, String contentType,
            String boundary) {
        if (ranges.isEmpty()) {
            throw new IllegalArgumentException("a multipart/byteranges body needs at least one part");
        }
        checkBoundary(boundary);
        if (contentType != null && (contentType.indexOf('\r') >= 0 || contentType.indexOf('\n') >= 0)) {
            throw new IllegalArgumentException("content type must not contain CR or LF");
        }
        List<Segment> segments = new ArrayList<>(ranges.size() * 2 + 1);
        String delimiter = "";
        for (ByteRange range : ranges) {
            StringBuilder head = new StringBuilder(96);
            // RFC 2046 section 5.1.1: the CRLF before "--boundary" belongs to the delimiter.
            head.append(delimiter).append("--").append(boundary).append(CRLF);
            // RFC 9110 section 14.6: each part carries Content-Type (if any) and Content-Range.
            if (contentType != null) {
                head.append("Content-Type: ").append(contentType).append(CRLF);
            }
            head.append("Content-Range: ").append(range.contentRange(completeLength)).append(CRLF);
            head.append(CRLF);
            segments.add(new Segment.Literal(head.toString()));
            segments.add(new Segment.Slice(range.first(), range.length()));
            delimiter = CRLF;
        }
        // RFC 2046 section 5.1.1: close-delimiter = delimiter "--", then an optional CRLF epilogue.
        segments.add(new Segment.Literal(CRLF + "--" + boundary + "--" + CRLF));
        return new MultipartByteRanges(boundary, segments);
    }

    /**
     * A fresh random boundary of 32 letters and digits (about 190 bits). Random rather than
     * derived from the content because the boundary must not occur in any part (RFC 2046
     * section 5.1.1), and with this much entropy that is safe without scanning the body.
     */
    public static String newBoundary(RandomGenerator random) {
        StringBuilder sb = new StringBuilder(NEW_BOUNDARY_LENGTH);
        for (int i = 0; i < NEW_BOUNDARY_LENGTH; i++) {
            sb.append(BOUNDARY_ALPHABET.charAt(random.nextInt(BOUNDARY_ALPHABET.length())));
        }
        return sb.toString();
    }

    /** The body, in write order: literal delimiter and header text interleaved with slices. */
    public List<Segment> segments() {
        return segments;
    }

    /** The exact number of bytes of the body: the response's Content-Length. */
    public long contentLength() {
        return contentLength;
    }

    /** The boundary used. */
    public String boundary() {
        return boundary;
    }

    /**
     * The response's Content-Type: {@code multipart/byteranges; boundary=...}; the boundary is
     * quoted when it is not a token (RFC 9110 section 5.6.6).
     */
    public String contentType() {
        return "multipart/byteranges; boundary=" + (isToken(boundary) ? boundary : '"' + boundary + '"');
    }

    /** One piece of the body. */
    public sealed interface Segment permits Segment.Literal, Segment.Slice {

        /** How many bytes this segment contributes to the body. */
        long length();

        /**
         * Bytes generated by the server: delimiters and part header fields. The text is
         * ISO-8859-1, the charset of HTTP field values (RFC 9110 section 5.5).
         *
         * @param text the literal characters
         */
        record Literal(String text) implements Segment {

            /** Requires text. */
            public Literal {
                Objects.requireNonNull(text, "text");
            }

            /** The bytes to write. */
            public byte[] bytes() {
                return text.getBytes(StandardCharsets.ISO_8859_1);
            }

            @Override
            public long length() {
                return text.length();
            }
        }

        /**
         * Bytes to copy from the stored representation.
         *
         * @param offset position of the first byte in the representation
         * @param length number of bytes
         */
        record Slice(long offset, long length) implements Segment {
        }
    }

    /**
     * RFC 2046 section 5.1.1: boundary := 0*69&lt;bchars&gt; bcharsnospace, so 1 to 70 characters,
     * no trailing space.
     */
    private static void checkBoundary(String boundary) {
        Objects.requireNonNull(boundary, "boundary");
        if (boundary.isEmpty() || boundary.length() > 70 || boundary.endsWith(" ")) {
            throw new IllegalArgumentException("boundary must be 1 to 70 characters, not ending in a space");
        }
        for (int i = 0; i < boundary.length(); i++) {
            char c = boundary.charAt(i);
            boolean bchar = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                    || "'()+_,-./:=? ".indexOf(c) >= 0;
            if (!bchar) {
                throw new IllegalArgumentException("invalid boundary character '" + c + "'");
            }
        }
    }

    // RFC 9110 section 5.6.2: token = 1*tchar.
    private static boolean isToken(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean tchar = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!tchar) {
                return false;
            }
        }
        return !s.isEmpty();
    }
}
