package dev.geocdn.cache.partial;

import dev.geocdn.cache.conditional.EntityTag;
import dev.geocdn.cache.http.Headers;
import dev.geocdn.cache.store.StoredResponse;

import java.util.Optional;

/**
 * Combining stored parts of a representation (RFC 9111 section 3.4), as pure functions.
 *
 * <p>Parts are combined only when they are of the same representation, and that is known only
 * by a strong validator: the same strong entity tag, or, for responses without one, the same
 * {@code Last-Modified} (RFC 9110 section 8.8.2.2 makes a date strong only when the origin
 * could not have changed the content twice within its second; a cache cannot know that, so
 * requests for missing parts carry {@code If-Range} with the validator, and an origin whose
 * representation changed answers 200 with the whole new one rather than a part of it: parts
 * of two versions are never stitched together). A response with no validator at all is not
 * stored by parts.
 */
public final class PartialResponses {

    private PartialResponses() {
    }

    /**
     * The validator requests for missing parts of {@code stored} carry in {@code If-Range}: its
     * strong ETag, else its Last-Modified; empty when it has neither.
     */
    public static Optional<String> ifRangeValidator(StoredResponse stored) {
        return ifRangeValidator(stored.headers());
    }

    /** {@link #ifRangeValidator(StoredResponse)} of a response with {@code fields}. */
    public static Optional<String> ifRangeValidator(Headers fields) {
        String etag = fields.get("ETag");
        if (etag != null) {
            Optional<EntityTag> tag = EntityTag.parse(etag.strip());
            return tag.filter(t -> !t.weak()).map(t -> etag.strip());
        }
        return Optional.ofNullable(fields.get("Last-Modified")).map(String::strip);
    }

    /** Whether {@code a} and {@code b} are known to be the same representation. */
    public static boolean sameRepresentation(StoredResponse a, StoredResponse b) {
        Optional<String> va = ifRangeValidator(a);
        return va.isPresent() && va.equals(ifRangeValidator(b));
    }

    /**
     * What to store after {@code part} (a 206 holding one part) arrived, given what was stored for
     * the same variant ({@code stored}, or null): the parts combined when they are of the same
     * representation, else {@code part} alone (a newer representation replaces the older one's
     * parts); a complete representation once the parts cover it, as a 200 without
     * {@code Content-Range}. The new response's fields and times are the ones kept (section
     * 3.4: the most recent response's header fields are used).
     */
    public static StoredResponse combine(StoredResponse stored, StoredResponse part) {
        PartialBody incoming = (PartialBody) part.body();
        PartialBody body = incoming;
        long filledAt = part.filledAt();
        if (stored != null && stored.body() instanceof PartialBody held && sameRepresentation(stored, part)
                && held.completeLength() == incoming.completeLength()) {
            body = held.with(incoming);
            filledAt = Math.min(filledAt, stored.filledAt()); // as old as its oldest part
        }
        if (!body.isComplete()) {
            return part.withBody(body).withFilledAt(filledAt);
        }
        return new StoredResponse(200, part.headers().newBuilder().removeAll("Content-Range").build(), body,
                part.requestTimeMillis(), part.responseTimeMillis(), part.secondaryKey(), part.directives(),
                part.freshnessLifetimeMillis(), part.correctedInitialAgeMillis(), filledAt);
    }

    /** Whether {@code stored} holds parts of its representation rather than all of it. */
    public static boolean isPartial(StoredResponse stored) {
        return stored.status() == 206 && stored.body() instanceof PartialBody;
    }
}
