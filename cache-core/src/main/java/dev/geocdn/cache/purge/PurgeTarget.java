package dev.geocdn.cache.purge;

import java.util.Objects;

/**
 * What a purge reaches: one URL, every URL under a prefix, or every response carrying a tag.
 * URLs and prefixes are primary cache keys ({@code scheme://host/path?query}) as the node
 * normalizes them; a purge request is normalized the same way before it gets here.
 */
public sealed interface PurgeTarget {

    /** The URL, prefix or tag, as matched. */
    String value();

    /** Every variant stored for one primary key. */
    record Url(String value) implements PurgeTarget {
        public Url {
            requireNonEmpty(value, "url");
        }
    }

    /**
     * Every variant of every primary key that starts with {@code value}, compared as strings:
     * {@code https://a.example/img} also reaches {@code https://a.example/imgs/1}, so a caller
     * that means a directory ends it with {@code /}. An empty prefix (everything) is refused, so
     * that a purge that lost its argument on the way cannot empty the cache.
     */
    record Prefix(String value) implements PurgeTarget {
        public Prefix {
            requireNonEmpty(value, "prefix");
        }
    }

    /**
     * Every variant carrying the tag (see {@link SurrogateKeys}); matched exactly, case-sensitive.
     */
    record Tag(String value) implements PurgeTarget {
        public Tag {
            requireNonEmpty(value, "tag");
        }
    }

    private static void requireNonEmpty(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isEmpty()) {
            throw new IllegalArgumentException("empty " + what);
        }
    }
}
