package dev.geocdn.cache.freshness;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A glob over request paths, matched against the whole path (anchored at both ends), the query
 * string ignored: {@code *} matches any characters within one segment, {@code **} any characters
 * across segments, and a {@code /**} segment also matches no segment at all, so {@code /api/**}
 * matches {@code /api}, {@code /api/} and {@code /api/v1/users}, while {@code /api/*} matches
 * {@code /api/users} only. Everything else matches itself, case-sensitively, as the path is sent
 * (percent-encoding is not decoded: it is the cache key's spelling).
 *
 * <p>Compiled once to a {@link Pattern}; immutable and safe to share between threads.
 */
public final class PathPattern {

    private final String glob;
    private final Pattern regex;

    private PathPattern(String glob, Pattern regex) {
        this.glob = glob;
        this.regex = regex;
    }

    /**
     * Whether {@code glob} compiles, for configuration checks; a missing or blank one counts as
     * valid here, since "required" is the caller's own check (so a typo fails at start with one
     * message, rather than two).
     */
    public static boolean isValid(String glob) {
        if (glob == null || glob.isBlank()) {
            return true;
        }
        try {
            compile(glob);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Compiles {@code glob}.
     *
     * @throws IllegalArgumentException when it does not start with {@code /}, holds a query
     *                                  ({@code ?}), whitespace, or three stars in a row
     */
    public static PathPattern compile(String glob) {
        Objects.requireNonNull(glob, "path pattern");
        if (!glob.startsWith("/")) {
            throw new IllegalArgumentException("a path pattern must start with '/': " + glob);
        }
        if (glob.contains("***")) {
            throw new IllegalArgumentException("a path pattern has '*' or '**', not '***': " + glob);
        }
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '?' || c <= ' ' || c >= 0x7f) {
                throw new IllegalArgumentException("a path pattern matches the path only, without query, "
                        + "whitespace or non-ASCII characters: " + glob);
            }
        }
        StringBuilder regex = new StringBuilder(glob.length() * 2);
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < glob.length()) {
            boolean wholeSegment = glob.startsWith("/**", i) && (i + 3 == glob.length() || glob.charAt(i + 3) == '/');
            if (wholeSegment) {
                flush(literal, regex);
                regex.append("(?:/.*)?"); // zero or more segments
                i += 3;
            } else if (glob.startsWith("**", i)) {
                flush(literal, regex);
                regex.append(".*");
                i += 2;
            } else if (glob.charAt(i) == '*') {
                flush(literal, regex);
                regex.append("[^/]*");
                i++;
            } else {
                literal.append(glob.charAt(i));
                i++;
            }
        }
        flush(literal, regex);
        return new PathPattern(glob, Pattern.compile(regex.toString()));
    }

    /** Whether the path of {@code pathAndQuery} (everything before {@code ?}) matches. */
    public boolean matches(String pathAndQuery) {
        int query = pathAndQuery.indexOf('?');
        CharSequence path = query < 0 ? pathAndQuery : pathAndQuery.subSequence(0, query);
        return regex.matcher(path).matches();
    }

    /** The glob as configured. */
    public String glob() {
        return glob;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PathPattern that && that.glob.equals(glob);
    }

    @Override
    public int hashCode() {
        return glob.hashCode();
    }

    @Override
    public String toString() {
        return glob;
    }

    private static void flush(StringBuilder literal, StringBuilder regex) {
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
            literal.setLength(0);
        }
    }
}
