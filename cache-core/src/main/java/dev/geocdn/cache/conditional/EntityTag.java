package dev.geocdn.cache.conditional;

import java.util.Objects;
import java.util.Optional;

/**
 * An entity-tag (RFC 9110 section 8.8.3): an opaque validator plus a flag saying whether it is
 * weak.
 *
 * <p>The opaque tag is kept without its surrounding double quotes, so {@code W/"xyzzy"} is
 * {@code new EntityTag(true, "xyzzy")}. Two comparison functions exist because the RFC uses both:
 * strong comparison where byte-for-byte identity matters (If-Match, If-Range) and weak comparison
 * where semantic equivalence is enough (If-None-Match, i.e. cache revalidation).
 *
 * <p>Parsing is strict: an entity-tag that does not follow the grammar is rejected rather than
 * guessed at, because a guessed validator could make a cache serve the wrong bytes. In particular
 * the weak prefix {@code W/} is case-sensitive (RFC 9110 section 8.8.3 writes it {@code %s"W/"}).
 *
 * @param weak      whether the tag carries the {@code W/} prefix
 * @param opaqueTag the characters between the double quotes; only {@code etagc} characters
 */
public record EntityTag(boolean weak, String opaqueTag) {

    /**
     * Rejects opaque tags the grammar cannot carry, so every instance formats back to a valid
     * field value.
     */
    public EntityTag {
        Objects.requireNonNull(opaqueTag, "opaqueTag");
        for (int i = 0; i < opaqueTag.length(); i++) {
            if (!isEtagc(opaqueTag.charAt(i))) {
                throw new IllegalArgumentException("not an etagc character at " + i + ": " + opaqueTag);
            }
        }
    }

    /** A strong entity-tag. */
    public static EntityTag strong(String opaqueTag) {
        return new EntityTag(false, opaqueTag);
    }

    /** A weak entity-tag. */
    public static EntityTag weak(String opaqueTag) {
        return new EntityTag(true, opaqueTag);
    }

    /**
     * Parses a single entity-tag such as {@code "abc"} or {@code W/"abc"}; surrounding whitespace
     * is ignored. Empty when {@code value} is null or not exactly one entity-tag.
     */
    public static Optional<EntityTag> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String s = value.strip();
        int end = scan(s, 0);
        if (end != s.length()) {
            return Optional.empty();
        }
        return Optional.of(fromValidSyntax(s, 0, end));
    }

    /**
     * Parses the value of If-Match or If-None-Match: {@code "*"} or a comma-separated list of
     * entity-tags (RFC 9110 sections 13.1.1 and 13.1.2). Empty when the value is malformed.
     *
     * @see EntityTagList#parse(String)
     */
    public static Optional<EntityTagList> parseList(String fieldValue) {
        return EntityTagList.parse(fieldValue);
    }

    /**
     * Strong comparison (RFC 9110 section 8.8.3.2): both tags are strong and their opaque tags are
     * identical. Used where a match promises byte-identical content.
     */
    public boolean strongMatch(EntityTag other) {
        return other != null && !weak && !other.weak && opaqueTag.equals(other.opaqueTag);
    }

    /**
     * Weak comparison (RFC 9110 section 8.8.3.2): the opaque tags are identical, whatever the weak
     * flags. Used where semantically equivalent content is good enough.
     */
    public boolean weakMatch(EntityTag other) {
        return other != null && opaqueTag.equals(other.opaqueTag);
    }

    /** The field-value form: {@code "abc"} or {@code W/"abc"}. */
    @Override
    public String toString() {
        return (weak ? "W/\"" : "\"") + opaqueTag + '"';
    }

    // RFC 9110 section 8.8.3: etagc = %x21 / %x23-7E / obs-text; obs-text = %x80-FF.
    static boolean isEtagc(char c) {
        return c == 0x21 || (c >= 0x23 && c <= 0x7E) || (c >= 0x80 && c <= 0xFF);
    }

    /**
     * Scans one entity-tag starting at {@code from}: returns the index just past its closing
     * quote, or -1 when none starts there. Shared with the list parser so both accept exactly
     * the same grammar.
     */
    static int scan(String s, int from) {
        int i = from;
        // RFC 9110 section 8.8.3: weak = %s"W/" (case-sensitive).
        if (s.startsWith("W/", i)) {
            i += 2;
        }
        if (i >= s.length() || s.charAt(i) != '"') {
            return -1;
        }
        i++;
        while (i < s.length() && s.charAt(i) != '"') {
            if (!isEtagc(s.charAt(i))) {
                return -1;
            }
            i++;
        }
        return i < s.length() ? i + 1 : -1;
    }

    /** Builds the tag that {@link #scan} found between {@code from} and {@code end}. */
    static EntityTag fromValidSyntax(String s, int from, int end) {
        boolean weak = s.startsWith("W/", from);
        int open = from + (weak ? 2 : 0);
        return new EntityTag(weak, s.substring(open + 1, end - 1));
    }
}
