package dev.geocdn.cache.ranges;

import dev.geocdn.cache.http.Headers;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Decides how to answer a request's Range header field (RFC 9110 section 14) as a pure function,
 * in the spirit of OkHttp's {@code CacheStrategy}: the caller supplies the request, the stored
 * representation's length and fields, and gets back a {@link RangeDecision} to act on.
 *
 * <p>Whenever the field cannot be honoured safely the decision is {@link RangeDecision.Full}:
 * RFC 9110 section 14.2 lets a server ignore Range, and a 200 with the whole representation is
 * always a correct answer, whereas a wrong 206 corrupts the client's copy. In particular:
 * <ul>
 *   <li>methods other than GET (RFC 9110 section 14.2: range handling is only defined for GET);</li>
 *   <li>an unknown (negative) complete length, since a 206 must state it or at least the range;</li>
 *   <li>units other than {@code bytes} (RFC 9110 section 14.1: unknown units are ignored);</li>
 *   <li>malformed syntax anywhere in the field, including numbers that overflow a long and
 *       int-ranges whose last-pos is below their first-pos;</li>
 *   <li>more than 64 range-specs, a documented limit against the
 *       many-ranges denial of service of RFC 9110 section 17.15;</li>
 *   <li>an If-Range validator that does not strongly match (RFC 9110 section 13.1.5).</li>
 * </ul>
 *
 * <p>This is step 5 of the precondition order of RFC 9110 section 13.2.2; call it only after
 * {@code dev.geocdn.cache.conditional.Preconditions} has said to proceed.
 */
public final class RangeRequests {

    private RangeRequests() {
    }

    /**
     * Decides between 200, 206 and 416.
     *
     * @param method                 the request method, case-sensitive (RFC 9110 section 9.1)
     * @param requestHeaders         the request's fields: Range, If-Range
     * @param completeLength         the selected representation's length in bytes, negative when
     *                               unknown
     * @param representationHeaders  the selected representation's fields: ETag, Last-Modified and
     *                               Date, used by If-Range; null is read as no fields
     * @param now                    the current time, only for reading two-digit years in dates
     */
    public static RangeDecision decide(String method, Headers requestHeaders, long completeLength,
            Headers representationHeaders, Instant now) {
        // RFC 9110 section 14.2: a server MUST ignore Range for methods without range handling;
        // GET is the only one defined.
        if (!method.equals("GET")) {
            return RangeDecision.FULL;
        }
        List<String> range = requestHeaders.values("Range");
        if (range.isEmpty()) {
            return RangeDecision.FULL;
        }
        // Range is a singleton field (RFC 9110 section 14.2); several lines are malformed.
        if (range.size() != 1 || completeLength < 0) {
            return RangeDecision.FULL;
        }
        // RFC 9110 section 13.1.5: if the If-Range validator does not match, the server MUST
        // ignore Range and send the whole representation.
        Headers representation = representationHeaders == null ? Headers.EMPTY : representationHeaders;
        if (!IfRange.permitsRange(requestHeaders.values("If-Range"), representation, now)) {
            return RangeDecision.FULL;
        }
        Optional<List<ByteRange>> satisfiable = RangeSetParser.parse(range.get(0), completeLength);
        if (satisfiable.isEmpty()) {
            return RangeDecision.FULL;
        }
        // RFC 9110 section 14.1.1 / 15.5.17: when no range-spec is satisfiable, answer 416.
        if (satisfiable.get().isEmpty()) {
            return new RangeDecision.Unsatisfiable(completeLength);
        }
        // RFC 9110 section 14.6: overlapping or adjacent ranges may be coalesced.
        return new RangeDecision.Partial(RangeCoalescing.coalesce(satisfiable.get()));
    }

    /**
     * Whether a Range field value asks for exactly one byte range, whatever the representation's
     * length: what a cache can ask an origin for as it is, or complete from held parts.
     */
    public static boolean isSingleRange(String value) {
        return value != null && value.indexOf(',') < 0
                && RangeSetParser.parse(value, Long.MAX_VALUE / 4).map(List::size).orElse(0) == 1;
    }
}
