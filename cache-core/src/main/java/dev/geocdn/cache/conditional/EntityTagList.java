package dev.geocdn.cache.conditional;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The parsed value of If-Match or If-None-Match (RFC 9110 sections 13.1.1 and 13.1.2):
 * either {@code *} or a possibly empty list of entity-tags.
 *
 * <p>The two cases are one type because both fields share the grammar
 * {@code "*" / #entity-tag}, and "matches the current representation" is the only question the
 * precondition rules ask of either.
 *
 * @param any  whether the value was {@code *}
 * @param tags the listed tags, in order; empty when {@code any}
 */
public record EntityTagList(boolean any, List<EntityTag> tags) {

    /** The value {@code *}. */
    public static final EntityTagList ANY = new EntityTagList(true, List.of());

    /** Copies {@code tags}; {@code *} carries no tags. */
    public EntityTagList {
        tags = List.copyOf(tags);
        if (any && !tags.isEmpty()) {
            throw new IllegalArgumentException("\"*\" cannot be combined with entity-tags");
        }
    }

    /**
     * Parses {@code "*"} or {@code #entity-tag}. Whitespace around commas is optional and empty
     * list elements such as {@code ", ,"} are skipped (RFC 9110 section 5.6.1.2). Empty when the
     * value is null or anything in it is malformed: a half-understood list is not trusted.
     */
    public static Optional<EntityTagList> parse(String fieldValue) {
        if (fieldValue == null) {
            return Optional.empty();
        }
        String s = fieldValue.strip();
        // RFC 9110 sections 13.1.1 / 13.1.2: If-Match = "*" / #entity-tag.
        if (s.equals("*")) {
            return Optional.of(ANY);
        }
        List<EntityTag> tags = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (true) {
            i = skipOws(s, i);
            if (i < n && s.charAt(i) != ',') {
                int end = EntityTag.scan(s, i);
                if (end < 0) {
                    return Optional.empty();
                }
                tags.add(EntityTag.fromValidSyntax(s, i, end));
                i = skipOws(s, end);
            }
            if (i >= n) {
                return Optional.of(new EntityTagList(false, tags));
            }
            if (s.charAt(i) != ',') {
                return Optional.empty();
            }
            i++;
        }
    }

    /**
     * Whether {@code current} matches under strong comparison, as If-Match requires
     * (RFC 9110 section 13.1.1). {@code *} matches any current representation, even one without an
     * entity-tag; a null {@code current} means "no entity-tag" here, not "no representation".
     */
    public boolean anyStrongMatch(EntityTag current) {
        if (any) {
            return true;
        }
        for (EntityTag tag : tags) {
            if (tag.strongMatch(current)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code current} matches under weak comparison, as If-None-Match requires
     * (RFC 9110 section 13.1.2). {@code *} matches any current representation.
     */
    public boolean anyWeakMatch(EntityTag current) {
        if (any) {
            return true;
        }
        for (EntityTag tag : tags) {
            if (tag.weakMatch(current)) {
                return true;
            }
        }
        return false;
    }

    // RFC 9110 section 5.6.3: OWS = *( SP / HTAB ).
    private static int skipOws(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }
}
