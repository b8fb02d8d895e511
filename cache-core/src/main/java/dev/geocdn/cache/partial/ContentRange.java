package dev.geocdn.cache.partial;

import java.util.Optional;

/**
 * A {@code Content-Range} of a 206 response with one part (RFC 9110 section 14.4):
 * {@code bytes first-last/complete}. A range whose complete length is unknown ({@code /*}) or
 * that does not fit in it is not one a cache can place, so it does not parse.
 *
 * @param first          the first byte's offset
 * @param last           the last byte's offset, inclusive
 * @param completeLength the representation's length
 */
public record ContentRange(long first, long last, long completeLength) {

    /** The bytes it spans. */
    public long length() {
        return last - first + 1;
    }

    /** Parses a field value; empty when it is not a satisfied byte range with a known complete length. */
    public static Optional<ContentRange> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String s = value.strip();
        if (!s.regionMatches(true, 0, "bytes ", 0, 6)) {
            return Optional.empty();
        }
        int dash = s.indexOf('-', 6);
        int slash = s.indexOf('/', 6);
        if (dash < 0 || slash < dash) {
            return Optional.empty();
        }
        long first = digits(s.substring(6, dash).strip());
        long last = digits(s.substring(dash + 1, slash).strip());
        long complete = digits(s.substring(slash + 1).strip());
        if (first < 0 || last < first || complete <= last) {
            return Optional.empty();
        }
        return Optional.of(new ContentRange(first, last, complete));
    }

    private static long digits(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return -1;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(s);
    }
}
