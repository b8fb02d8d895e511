package dev.geocdn.cache.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Parsed cache directives of a {@code Cache-Control} field (RFC 9111 section 5.2) or of a
 * targeted field such as {@code CDN-Cache-Control} (RFC 9213).
 *
 * <p>Directive names are case-insensitive; arguments may be tokens or quoted strings. When a
 * directive appears more than once the first occurrence wins (RFC 9111 section 4.2.1 allows
 * "first occurrence or stale"; first is what browsers and most proxies do); in a targeted field
 * the last wins, as RFC 8941 section 4.2.2 specifies for Dictionaries. A delta-seconds
 * argument that is not a non-negative integer is kept as {@link #INVALID} so that freshness can
 * treat it as stale (section 4.2.1, "invalid freshness information"); one too large for the
 * platform is capped at 2^31 (section 1.2.2).
 */
public final class CacheControl {

    /** Marker for a delta-seconds argument that did not parse. */
    public static final long INVALID = -1;

    /** The largest delta-seconds a cache must represent (RFC 9111 section 1.2.2). */
    public static final long MAX_DELTA_SECONDS = 2_147_483_648L;

    /** No directives at all. */
    public static final CacheControl NONE = new CacheControl(Map.of(), true);

    private final Map<String, String> directives;
    private final boolean valid;

    private CacheControl(Map<String, String> directives, boolean valid) {
        this.directives = directives;
        this.valid = valid;
    }

    /**
     * Parses a (comma-joined) field value leniently, as RFC 9111 asks of Cache-Control: unknown
     * directives are kept, malformed list members are skipped.
     */
    public static CacheControl parse(String value) {
        return parse(value, false);
    }

    /**
     * Parses a targeted field (RFC 9213 section 2.1) with Structured Fields dictionary syntax
     * (RFC 8941 section 3.2). {@link #isValid()} is false when any member breaks that syntax, in
     * which case the caller must ignore the whole field. Parameters are allowed and ignored, and
     * a duplicate key overwrites the earlier one, as RFC 8941 section 4.2.2 specifies.
     */
    public static CacheControl parseTargeted(String value) {
        return parse(value, true);
    }

    private static CacheControl parse(String value, boolean strict) {
        if (strict) {
            return parseDictionary(value);
        }
        if (value == null || value.isBlank()) {
            return NONE;
        }
        Map<String, String> result = new LinkedHashMap<>();
        boolean valid = true;
        int i = 0;
        int n = value.length();
        while (i < n) {
            while (i < n && (value.charAt(i) == ',' || isSpace(value.charAt(i)))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int nameStart = i;
            while (i < n && isTokenChar(value.charAt(i))) {
                i++;
            }
            String name = value.substring(nameStart, i);
            String argument = null;
            int j = i;
            while (j < n && isSpace(value.charAt(j))) {
                j++;
            }
            if (j < n && value.charAt(j) == '=') {
                i = j + 1;
                while (i < n && isSpace(value.charAt(i))) {
                    i++;
                }
                if (i < n && value.charAt(i) == '"') {
                    StringBuilder sb = new StringBuilder();
                    i++;
                    boolean closed = false;
                    while (i < n) {
                        char c = value.charAt(i++);
                        if (c == '\\' && i < n) {
                            sb.append(value.charAt(i++));
                        } else if (c == '"') {
                            closed = true;
                            break;
                        } else {
                            sb.append(c);
                        }
                    }
                    valid &= closed;
                    argument = sb.toString();
                } else {
                    int argStart = i;
                    while (i < n && value.charAt(i) != ',' && !isSpace(value.charAt(i))) {
                        i++;
                    }
                    argument = value.substring(argStart, i);
                }
            }
            // skip anything else up to the next comma (parameters, junk)
            while (i < n && value.charAt(i) != ',') {
                i++;
            }
            if (name.isEmpty()) {
                valid = false;
                continue;
            }
            result.putIfAbsent(name.toLowerCase(Locale.ROOT), argument);
        }
        return new CacheControl(Collections.unmodifiableMap(result), valid);
    }

    /**
     * Parses an RFC 8941 section 4.2.2 Dictionary. Each member's value becomes the directive's
     * argument (a String's content, or the text of any other bare item; null for a bare key);
     * parameters are checked for syntax and then ignored, as RFC 9213 section 2.1 asks of
     * directives that define none. A later duplicate key overwrites an earlier one (RFC 8941).
     */
    private static CacheControl parseDictionary(String value) {
        if (value == null || value.isBlank()) {
            return new CacheControl(Map.of(), false);
        }
        String s = value.strip();
        Map<String, String> result = new LinkedHashMap<>();
        int n = s.length();
        int i = 0;
        while (i < n) {
            int keyEnd = sfKeyEnd(s, i);
            if (keyEnd < 0) {
                return invalid(result);
            }
            String key = s.substring(i, keyEnd);
            i = keyEnd;
            String argument = null;
            if (i < n && s.charAt(i) == '=') {
                i++;
                if (i < n && s.charAt(i) == '(') {
                    int end = sfInnerListEnd(s, i);
                    if (end < 0) {
                        return invalid(result);
                    }
                    argument = s.substring(i, end);
                    i = end;
                } else {
                    StringBuilder item = new StringBuilder();
                    int end = sfBareItemEnd(s, i, item);
                    if (end < 0) {
                        return invalid(result);
                    }
                    argument = item.toString();
                    i = end;
                }
            }
            i = sfParametersEnd(s, i);
            if (i < 0) {
                return invalid(result);
            }
            result.put(key, argument);
            while (i < n && isSpace(s.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            if (s.charAt(i) != ',') {
                return invalid(result);
            }
            i++;
            while (i < n && isSpace(s.charAt(i))) {
                i++;
            }
            if (i >= n) {
                return invalid(result); // trailing comma
            }
        }
        return new CacheControl(Collections.unmodifiableMap(result), true);
    }

    private static CacheControl invalid(Map<String, String> partial) {
        return new CacheControl(Collections.unmodifiableMap(partial), false);
    }

    /** False when a targeted field broke Structured Fields syntax and must be ignored. */
    public boolean isValid() {
        return valid;
    }

    /** Whether no directive is present. */
    public boolean isEmpty() {
        return directives.isEmpty();
    }

    /** Whether {@code directive} is present (with or without an argument). */
    public boolean has(String directive) {
        return directives.containsKey(directive);
    }

    /** The argument of {@code directive}, or null when absent or argument-less. */
    public String argument(String directive) {
        return directives.get(directive);
    }

    /**
     * The delta-seconds argument of {@code directive}: empty when absent, {@link #INVALID} when
     * present but not a non-negative integer, capped at {@link #MAX_DELTA_SECONDS}.
     */
    public OptionalLong seconds(String directive) {
        if (!directives.containsKey(directive)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(parseDeltaSeconds(directives.get(directive)));
    }

    /** Parses delta-seconds (RFC 9111 section 1.2.2); {@link #INVALID} when not digits. */
    public static long parseDeltaSeconds(String value) {
        if (value == null || value.isEmpty()) {
            return INVALID;
        }
        long result = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return INVALID;
            }
            result = result * 10 + (c - '0');
            if (result >= MAX_DELTA_SECONDS) {
                return MAX_DELTA_SECONDS;
            }
        }
        return result;
    }

    /** The directives by lower-cased name. */
    public Map<String, String> asMap() {
        return directives;
    }

    @Override
    public String toString() {
        return directives.toString();
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }

    // RFC 9110 section 5.6.2 tchar
    private static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    // RFC 8941 section 3.1.2 key: ( lcalpha / "*" ) *( lcalpha / DIGIT / "_" / "-" / "." / "*" )
    private static int sfKeyEnd(String s, int i) {
        if (i >= s.length()) {
            return -1;
        }
        char first = s.charAt(i);
        if (!((first >= 'a' && first <= 'z') || first == '*')) {
            return -1;
        }
        i++;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "_-.*".indexOf(c) >= 0)) {
                break;
            }
            i++;
        }
        return i;
    }

    // RFC 8941 section 3.1.2 parameters: *( ";" *SP parameter ), parameter = key [ "=" bare-item ]
    private static int sfParametersEnd(String s, int i) {
        while (i < s.length() && s.charAt(i) == ';') {
            i++;
            while (i < s.length() && s.charAt(i) == ' ') {
                i++;
            }
            i = sfKeyEnd(s, i);
            if (i < 0) {
                return -1;
            }
            if (i < s.length() && s.charAt(i) == '=') {
                i = sfBareItemEnd(s, i + 1, new StringBuilder());
                if (i < 0) {
                    return -1;
                }
            }
        }
        return i;
    }

    // RFC 8941 section 3.1.1 inner list: "(" *SP [ sf-item *( 1*SP sf-item ) *SP ] ")" parameters
    private static int sfInnerListEnd(String s, int i) {
        i++; // '('
        while (true) {
            while (i < s.length() && s.charAt(i) == ' ') {
                i++;
            }
            if (i >= s.length()) {
                return -1;
            }
            if (s.charAt(i) == ')') {
                return i + 1;
            }
            if (s.charAt(i - 1) != ' ' && s.charAt(i - 1) != '(') {
                return -1;
            }
            i = sfBareItemEnd(s, i, new StringBuilder());
            if (i < 0) {
                return -1;
            }
            i = sfParametersEnd(s, i);
            if (i < 0) {
                return -1;
            }
        }
    }

    /**
     * The end of the RFC 8941 section 3.3 bare item at {@code i} (Integer, Decimal, String,
     * Token, Byte Sequence or Boolean), or -1; appends its value to {@code out}.
     */
    private static int sfBareItemEnd(String s, int i, StringBuilder out) {
        int n = s.length();
        if (i >= n) {
            return -1;
        }
        char first = s.charAt(i);
        if (first == '-' || (first >= '0' && first <= '9')) {
            int start = i;
            if (first == '-') {
                i++;
            }
            int digitsStart = i;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
            int integerDigits = i - digitsStart;
            if (integerDigits == 0) {
                return -1;
            }
            if (i < n && s.charAt(i) == '.') {
                int fractionStart = ++i;
                while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                    i++;
                }
                int fractionDigits = i - fractionStart;
                if (integerDigits > 12 || fractionDigits < 1 || fractionDigits > 3) {
                    return -1;
                }
            } else if (integerDigits > 15) {
                return -1;
            }
            out.append(s, start, i);
            return i;
        }
        if (first == '"') {
            i++;
            while (i < n) {
                char c = s.charAt(i++);
                if (c == '\\') {
                    if (i >= n || (s.charAt(i) != '"' && s.charAt(i) != '\\')) {
                        return -1;
                    }
                    out.append(s.charAt(i++));
                } else if (c == '"') {
                    return i;
                } else if (c < 0x20 || c > 0x7e) {
                    return -1;
                } else {
                    out.append(c);
                }
            }
            return -1;
        }
        if (first == '?') {
            if (i + 1 < n && (s.charAt(i + 1) == '0' || s.charAt(i + 1) == '1')) {
                out.append(s, i, i + 2);
                return i + 2;
            }
            return -1;
        }
        if (first == ':') {
            int start = i++;
            while (i < n && s.charAt(i) != ':') {
                char c = s.charAt(i++);
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || c == '+' || c == '/' || c == '=')) {
                    return -1;
                }
            }
            if (i >= n) {
                return -1;
            }
            out.append(s, start, i + 1);
            return i + 1;
        }
        if ((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z') || first == '*') {
            int start = i++;
            while (i < n && (isTokenChar(s.charAt(i)) || s.charAt(i) == ':' || s.charAt(i) == '/')) {
                i++;
            }
            out.append(s, start, i);
            return i;
        }
        return -1;
    }
}
