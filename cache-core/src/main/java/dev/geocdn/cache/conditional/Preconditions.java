package dev.geocdn.cache.conditional;

import dev.geocdn.cache.http.Headers;
import dev.geocdn.cache.http.HttpDates;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Evaluates the conditional request header fields against the selected representation, in the
 * order of RFC 9110 section 13.2.2, as one pure function.
 *
 * <p>The order matters because the fields overlap: entity-tags are more accurate than dates, so
 * If-Match overrides If-Unmodified-Since and If-None-Match overrides If-Modified-Since, and a
 * failed state-changing precondition (412) outranks a cache revalidation answer (304).
 *
 * <p>Range and If-Range (step 5 of that order) are left to
 * {@code dev.geocdn.cache.ranges.RangeRequests}, which is consulted after this returns
 * {@link PreconditionOutcome#PROCEED}.
 *
 * <p>Malformed values never make a precondition look satisfied: an unparsable If-Match list matches
 * nothing (so 412), an unparsable If-None-Match list matches nothing (so the request proceeds
 * rather than getting a 304 for a tag nobody sent), and unparsable dates are ignored as the RFC
 * requires.
 */
public final class Preconditions {

    private Preconditions() {
    }

    /**
     * Decides whether to proceed, answer 304 or answer 412.
     *
     * @param method                the request method, case-sensitive (RFC 9110 section 9.1)
     * @param requestHeaders        the request's fields: If-Match, If-None-Match, If-Modified-Since,
     *                              If-Unmodified-Since
     * @param representationHeaders the selected representation's fields (ETag, Last-Modified), or
     *                              null when the target resource has no current representation
     * @param now                   the current time, only for reading two-digit years in dates
     */
    public static PreconditionOutcome evaluate(String method, Headers requestHeaders,
            Headers representationHeaders, Instant now) {
        // RFC 9110 section 13.2.1: methods that neither select nor modify a representation
        // (CONNECT, OPTIONS, TRACE) ignore the conditional fields.
        if (method.equals("CONNECT") || method.equals("OPTIONS") || method.equals("TRACE")) {
            return PreconditionOutcome.PROCEED;
        }
        boolean exists = representationHeaders != null;
        Headers representation = exists ? representationHeaders : Headers.EMPTY;
        EntityTag currentTag = EntityTag.parse(representation.get("ETag")).orElse(null);
        Optional<Instant> lastModified = singleDate(representation, "Last-Modified", now);
        boolean getOrHead = method.equals("GET") || method.equals("HEAD");

        // RFC 9110 section 13.2.2 step 1: If-Match, false -> 412.
        if (requestHeaders.contains("If-Match")) {
            if (!ifMatch(requestHeaders.joined("If-Match"), exists, currentTag)) {
                return PreconditionOutcome.PRECONDITION_FAILED;
            }
        } else if (requestHeaders.contains("If-Unmodified-Since")) {
            // RFC 9110 section 13.2.2 step 2: If-Unmodified-Since only without If-Match, false -> 412.
            if (!ifUnmodifiedSince(requestHeaders, lastModified, now)) {
                return PreconditionOutcome.PRECONDITION_FAILED;
            }
        }

        // RFC 9110 section 13.2.2 step 3: If-None-Match, false -> 304 for GET/HEAD, else 412.
        if (requestHeaders.contains("If-None-Match")) {
            if (!ifNoneMatch(requestHeaders.joined("If-None-Match"), exists, currentTag)) {
                return getOrHead ? PreconditionOutcome.NOT_MODIFIED : PreconditionOutcome.PRECONDITION_FAILED;
            }
        } else if (getOrHead && requestHeaders.contains("If-Modified-Since")) {
            // RFC 9110 section 13.2.2 step 4: If-Modified-Since only for GET/HEAD without
            // If-None-Match, false -> 304.
            if (!ifModifiedSince(requestHeaders, lastModified, now)) {
                return PreconditionOutcome.NOT_MODIFIED;
            }
        }

        // RFC 9110 section 13.2.2 steps 5 and 6: Range is the caller's next step; otherwise proceed.
        return PreconditionOutcome.PROCEED;
    }

    /**
     * RFC 9110 section 13.1.1: true when the value is "*" and a current representation exists, or
     * when a listed tag strongly matches the current one. A malformed value matches nothing.
     */
    static boolean ifMatch(String value, boolean exists, EntityTag currentTag) {
        if (!exists) {
            return false;
        }
        return EntityTagList.parse(value).map(list -> list.anyStrongMatch(currentTag)).orElse(false);
    }

    /**
     * RFC 9110 section 13.1.2: false when the value is "*" and a current representation exists, or
     * when a listed tag weakly matches the current one. A malformed value matches nothing.
     */
    static boolean ifNoneMatch(String value, boolean exists, EntityTag currentTag) {
        if (!exists) {
            return true;
        }
        return !EntityTagList.parse(value).map(list -> list.anyWeakMatch(currentTag)).orElse(false);
    }

    /**
     * RFC 9110 section 13.1.4: false when Last-Modified is later than the given date. An invalid
     * date (including a list of dates) is ignored, and so is the field when the representation has
     * no modification date, which the RFC permits.
     */
    static boolean ifUnmodifiedSince(Headers request, Optional<Instant> lastModified, Instant now) {
        Optional<Instant> date = singleDate(request, "If-Unmodified-Since", now);
        if (date.isEmpty() || lastModified.isEmpty()) {
            return true;
        }
        return !lastModified.get().isAfter(date.get());
    }

    /**
     * RFC 9110 section 13.1.3: false (so 304) when Last-Modified is earlier than or equal to the
     * given date. Ignored (true) when the date is invalid or the representation has no
     * Last-Modified, both of which the RFC requires.
     */
    static boolean ifModifiedSince(Headers request, Optional<Instant> lastModified, Instant now) {
        Optional<Instant> date = singleDate(request, "If-Modified-Since", now);
        if (date.isEmpty() || lastModified.isEmpty()) {
            return true;
        }
        return lastModified.get().isAfter(date.get());
    }

    /**
     * The date in field {@code name}, or empty when it is absent, invalid, or sent on several
     * lines: these date fields are singletons, so RFC 9110 sections 13.1.3 and 13.1.4 say a list of
     * dates is invalid.
     */
    private static Optional<Instant> singleDate(Headers headers, String name, Instant now) {
        List<String> values = headers.values(name);
        return values.size() == 1 ? HttpDates.parse(values.get(0), now) : Optional.empty();
    }
}
