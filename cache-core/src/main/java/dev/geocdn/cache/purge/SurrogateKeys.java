package dev.geocdn.cache.purge;

import dev.geocdn.cache.http.Headers;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The tags (surrogate keys) a response carries, by which a purge can reach every response that
 * shares them: a product id on every page that shows the product, say.
 *
 * <p>Two header fields carry them, and both are read: {@code Surrogate-Key} (Fastly), whose
 * tags are separated by spaces, and {@code Cache-Tag} (Cloudflare, Akamai), whose tags are
 * separated by commas. Each tag is trimmed; empty ones are ignored; tags are case-sensitive and
 * kept once, in the order first seen. Several field lines of either name add up.
 *
 * <p><b>Bounds.</b> A response may carry at most {@link #MAX_TAGS} distinct tags (Akamai's
 * limit per object) of at most {@link #MAX_TAG_LENGTH} characters (Fastly's limit per key), so
 * origins written for those CDNs fit. A response beyond either bound is {@linkplain
 * #withinBounds() out of bounds} and the cache does not store it. Those CDNs ignore the excess
 * tags instead, which leaves a response that a purge of an ignored tag cannot reach, so it
 * outlives the purge; refusing to cache it costs a miss, never a stale object.
 *
 * @param tags     the distinct tags, in the order first seen; within bounds, every tag
 * @param overflow null when within bounds, else what was exceeded (for a log line)
 */
public record SurrogateKeys(Set<String> tags, String overflow) {

    /** The most distinct tags a stored response may carry. */
    public static final int MAX_TAGS = 128;

    /** The longest tag a stored response may carry, in characters. */
    public static final int MAX_TAG_LENGTH = 1024;

    /** The Fastly field: tags separated by spaces. */
    public static final String SURROGATE_KEY = "Surrogate-Key";

    /** The Cloudflare and Akamai field: tags separated by commas. */
    public static final String CACHE_TAG = "Cache-Tag";

    /** No tags. */
    public static final SurrogateKeys NONE = new SurrogateKeys(Set.of(), null);

    /** Whether the tags fit the bounds, so that the response may be stored. */
    public boolean withinBounds() {
        return overflow == null;
    }

    /** Whether {@code tag} is one of these tags. */
    public boolean contains(String tag) {
        return tags.contains(tag);
    }

    /** The tags of a response with {@code headers}. */
    public static SurrogateKeys of(Headers headers) {
        if (!headers.contains(SURROGATE_KEY) && !headers.contains(CACHE_TAG)) {
            return NONE;
        }
        Collector collector = new Collector();
        for (String value : headers.values(SURROGATE_KEY)) {
            collector.split(value, ' ', '\t');
        }
        for (String value : headers.values(CACHE_TAG)) {
            collector.split(value, ',', ',');
        }
        return collector.result();
    }

    /** Accumulates tags up to the bounds, remembering the first bound that was exceeded. */
    private static final class Collector {
        private final Set<String> tags = new LinkedHashSet<>();
        private String overflow;

        void split(String value, char separator, char alsoSeparator) {
            int start = 0;
            for (int i = 0; i <= value.length(); i++) {
                if (i == value.length() || value.charAt(i) == separator || value.charAt(i) == alsoSeparator) {
                    add(value.substring(start, i).strip());
                    start = i + 1;
                }
            }
        }

        private void add(String tag) {
            if (tag.isEmpty() || tags.contains(tag)) {
                return;
            }
            if (tag.length() > MAX_TAG_LENGTH) {
                noteOverflow("a tag longer than " + MAX_TAG_LENGTH + " characters");
            } else if (tags.size() == MAX_TAGS) {
                noteOverflow("more than " + MAX_TAGS + " tags");
            } else {
                tags.add(tag);
            }
        }

        private void noteOverflow(String what) {
            if (overflow == null) {
                overflow = what;
            }
        }

        SurrogateKeys result() {
            return tags.isEmpty() && overflow == null
                    ? NONE
                    : new SurrogateKeys(Collections.unmodifiableSet(tags), overflow);
        }
    }
}
