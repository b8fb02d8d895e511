package dev.geocdn.origin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluation of {@code If-None-Match}, {@code If-Modified-Since} and {@code If-Range}
 * (RFC 9110 section 13), kept apart from the I/O so the rules can be unit-tested.
 */
final class Conditionals {

    private Conditionals() {
    }

    /**
     * Whether a GET or HEAD should be answered with 304: If-None-Match, when present, decides
     * alone (weak comparison, {@code *} matches any current ETag); otherwise If-Modified-Since
     * must not be older than Last-Modified.
     *
     * @param ifNoneMatch     all If-None-Match values joined with commas, or {@code null}
     * @param ifModifiedSince the If-Modified-Since value, or {@code null}
     * @param etag            the response's ETag, or {@code null}
     * @param lastModified    the response's Last-Modified, or {@code null}
     */
    static boolean notModified(String ifNoneMatch, String ifModifiedSince, String etag, String lastModified) {
        if (ifNoneMatch != null) {
            return etag != null && anyWeakMatch(ifNoneMatch, etag);
        }
        if (ifModifiedSince == null || lastModified == null) {
            return false;
        }
        Instant since = HttpDates.parse(ifModifiedSince);
        Instant modified = HttpDates.parse(lastModified);
        return since != null && modified != null && !modified.isAfter(since);
    }

    /** Whether any member of an If-None-Match list matches {@code etag} by weak comparison. */
    static boolean anyWeakMatch(String list, String etag) {
        String opaque = opaque(etag);
        for (String candidate : parseList(list)) {
            if (candidate.equals("*") || opaque(candidate).equals(opaque)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a Range request may be served as a range given its If-Range (RFC 9110 section
     * 13.1.5): an entity tag must match strongly, a date must equal Last-Modified.
     */
    static boolean ifRangeAllows(String ifRange, String etag, String lastModified) {
        if (ifRange == null) {
            return true;
        }
        String value = ifRange.trim();
        if (value.startsWith("\"") || value.startsWith("W/")) {
            return etag != null && !etag.startsWith("W/") && !value.startsWith("W/") && value.equals(etag.trim());
        }
        Instant requested = HttpDates.parse(value);
        Instant modified = HttpDates.parse(lastModified);
        return requested != null && requested.equals(modified);
    }

    /** Splits an entity-tag list such as {@code "a", W/"b,c", *}; unquoted tags are accepted leniently. */
    static List<String> parseList(String list) {
        List<String> tags = new ArrayList<>();
        int i = 0;
        int n = list.length();
        while (i < n) {
            char c = list.charAt(i);
            if (c == ',' || c == ' ' || c == '\t') {
                i++;
                continue;
            }
            int start = i;
            if (list.startsWith("W/\"", i) || c == '"') {
                int open = list.indexOf('"', i);
                int close = list.indexOf('"', open + 1);
                i = close < 0 ? n : close + 1;
            } else {
                int comma = list.indexOf(',', i);
                i = comma < 0 ? n : comma;
            }
            tags.add(list.substring(start, i).trim());
        }
        return tags;
    }

    /** The opaque part of an entity tag: without {@code W/} and without quotes. */
    static String opaque(String tag) {
        String t = tag.trim();
        if (t.startsWith("W/")) {
            t = t.substring(2);
        }
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
            t = t.substring(1, t.length() - 1);
        }
        return t;
    }

    /** Quotes a {@code etag=} control value unless it already is an entity tag. */
    static String normalizeEtag(String raw) {
        String value = raw.trim();
        boolean weak = value.startsWith("W/");
        String tag = weak ? value.substring(2) : value;
        if (!(tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\""))) {
            tag = "\"" + tag.replace("\"", "") + "\"";
        }
        return (weak ? "W/" : "") + tag;
    }
}
