package dev.geocdn.cache.ranges;

import dev.geocdn.cache.conditional.EntityTag;
import dev.geocdn.cache.http.Headers;
import dev.geocdn.cache.http.HttpDates;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Evaluates If-Range (RFC 9110 section 13.1.5): "send me the parts I'm missing if the
 * representation is unchanged, otherwise send me all of it".
 *
 * <p>Only strong validators count, because the client will splice the bytes it gets into bytes
 * it already has: a weak match would allow a semantically equal but byte-different
 * representation, and the spliced result would be corrupt.
 */
final class IfRange {

    private IfRange() {
    }

    /**
     * Whether the Range field may be honoured given the If-Range field value(s).
     *
     * @param values         every If-Range field line; empty when absent (then Range applies)
     * @param representation the selected representation's fields: ETag, Last-Modified, Date
     */
    static boolean permitsRange(List<String> values, Headers representation, Instant now) {
        if (values.isEmpty()) {
            return true;
        }
        // If-Range = entity-tag / HTTP-date is a singleton; several lines cannot be one validator.
        if (values.size() != 1) {
            return false;
        }
        String value = values.get(0);
        // RFC 9110 section 13.1.5: an entity-tag is told from an HTTP-date by its leading DQUOTE
        // (or weak prefix, which a client must not send but which then simply never matches).
        if (value.startsWith("\"") || value.startsWith("W/")) {
            return entityTagMatches(value, representation);
        }
        return dateMatches(value, representation, now);
    }

    /**
     * RFC 9110 section 13.1.5: the condition is true if the entity-tag strongly matches the
     * representation's ETag (section 8.8.3.2); a weak tag on either side never matches.
     */
    private static boolean entityTagMatches(String value, Headers representation) {
        Optional<EntityTag> requested = EntityTag.parse(value);
        Optional<EntityTag> current = EntityTag.parse(representation.get("ETag"));
        return requested.isPresent() && current.isPresent() && requested.get().strongMatch(current.get());
    }

    /**
     * RFC 9110 section 13.1.5: the condition is true only if the HTTP-date exactly equals the
     * Last-Modified of the representation and that Last-Modified is a strong validator. By
     * section 8.8.2.2 it is strong when it is at least one second before the representation's Date
     * (the content cannot have changed twice within the second the date names); without a Date
     * it cannot be shown strong, so the Range is ignored.
     */
    private static boolean dateMatches(String value, Headers representation, Instant now) {
        Optional<Instant> requested = HttpDates.parse(value, now);
        Optional<Instant> lastModified = HttpDates.parse(representation.get("Last-Modified"), now);
        Optional<Instant> date = HttpDates.parse(representation.get("Date"), now);
        if (requested.isEmpty() || lastModified.isEmpty() || date.isEmpty()) {
            return false;
        }
        boolean strong = !lastModified.get().plusSeconds(1).isAfter(date.get());
        return strong && requested.get().equals(lastModified.get());
    }
}
