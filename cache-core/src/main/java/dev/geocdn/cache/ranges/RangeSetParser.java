package dev.geocdn.cache.ranges;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parses a Range field value (RFC 9110 section 14.1.1) and resolves each range-spec against the
 * representation's length (section 14.1.2).
 *
 * <p>The parser is strict and all-or-nothing: any syntax error anywhere makes the whole field
 * ignored, because RFC 9110 section 14.2 lets a server ignore Range, and guessing at a malformed
 * request risks sending bytes the client did not ask for. Strict also means no whitespace inside a
 * range-spec or before {@code =}. Spaces and tabs around list elements are tolerated (the list
 * syntax of RFC 9110 section 5.6.1 allows them around commas), which also accepts
 * {@code bytes= 0-9}.
 */
final class RangeSetParser {

    /**
     * The most range-specs honoured in one request. Beyond it the field is ignored, so a request
     * cannot make the server build thousands of parts (RFC 9110 section 17.15 warns about this
     * denial of service).
     */
    static final int MAX_RANGES = 64;

    private RangeSetParser() {
    }

    /**
     * The satisfiable ranges of {@code value}, in request order and not yet coalesced, or empty
     * when the field must be ignored: malformed, a unit other than {@code bytes}, or too many
     * ranges. An empty list means every range-spec was valid but unsatisfiable.
     *
     * @param completeLength the representation's length, at least 0
     */
    static Optional<List<ByteRange>> parse(String value, long completeLength) {
        // RFC 9110 section 14.1.1: ranges-specifier = range-unit "=" range-set.
        int eq = value.indexOf('=');
        if (eq <= 0 || !isToken(value, 0, eq)) {
            return Optional.empty();
        }
        // RFC 9110 section 14.1: range unit names are case-insensitive; only "bytes" is ours.
        if (!value.regionMatches(true, 0, "bytes", 0, eq) || eq != "bytes".length()) {
            return Optional.empty();
        }
        List<ByteRange> satisfiable = new ArrayList<>();
        int specs = 0;
        int start = eq + 1;
        // RFC 9110 section 14.1.1: range-set = 1#range-spec; section 5.6.1.2: empty elements are
        // allowed and ignored, OWS around commas.
        while (start <= value.length()) {
            int comma = value.indexOf(',', start);
            int end = comma < 0 ? value.length() : comma;
            int from = skipOws(value, start, end);
            int to = trimOws(value, from, end);
            if (from < to) {
                if (++specs > MAX_RANGES) {
                    return Optional.empty();
                }
                Spec spec = Spec.parse(value, from, to);
                if (spec == null) {
                    return Optional.empty();
                }
                ByteRange range = spec.resolve(completeLength);
                if (range != null) {
                    satisfiable.add(range);
                }
            }
            start = end + 1;
        }
        // RFC 9110 section 14.1.1: 1#range-spec needs at least one non-empty element.
        return specs == 0 ? Optional.empty() : Optional.of(satisfiable);
    }

    /**
     * One syntactically valid range-spec: an int-range ({@code first-[last]}) or, when
     * {@code first} is negative, a suffix-range of {@code suffixLength} bytes.
     */
    private record Spec(long first, long last, long suffixLength) {

        private static final long ABSENT = -1;

        /** The spec in {@code s[from, to)}, or null when it is not an int-range or suffix-range. */
        static Spec parse(String s, int from, int to) {
            int dash = s.indexOf('-', from);
            if (dash < 0 || dash >= to) {
                return null;
            }
            if (dash == from) {
                // RFC 9110 section 14.1.1: suffix-range = "-" suffix-length.
                long suffix = digits(s, from + 1, to);
                return suffix < 0 ? null : new Spec(ABSENT, ABSENT, suffix);
            }
            // RFC 9110 section 14.1.1: int-range = first-pos "-" [ last-pos ].
            long first = digits(s, from, dash);
            if (first < 0) {
                return null;
            }
            long last = ABSENT;
            if (dash + 1 < to) {
                last = digits(s, dash + 1, to);
                // RFC 9110 section 14.1.1: an int-range is invalid if last-pos < first-pos.
                if (last < 0 || last < first) {
                    return null;
                }
            }
            return new Spec(first, last, ABSENT);
        }

        /** The range this spec selects from {@code length} bytes, or null when unsatisfiable. */
        ByteRange resolve(long length) {
            if (first == ABSENT) {
                // RFC 9110 section 14.1.1: a suffix-range is satisfiable only with a non-zero
                // suffix-length; a longer suffix than the representation means all of it. A
                // zero-length representation has no byte a 206 could describe, so it is
                // unsatisfiable too (Content-Range cannot express an empty range).
                if (suffixLength == 0 || length == 0) {
                    return null;
                }
                return new ByteRange(Math.max(0, length - suffixLength), length - 1);
            }
            // RFC 9110 section 14.1.1: an int-range is satisfiable if first-pos < length;
            // section 14.1.2: a missing or too large last-pos means the last byte.
            if (first >= length) {
                return null;
            }
            return new ByteRange(first, last == ABSENT ? length - 1 : Math.min(last, length - 1));
        }
    }

    /**
     * The decimal number in {@code s[from, to)} (RFC 9110 section 14.1.1: 1*DIGIT), or -1 when it is
     * empty, has a non-digit or does not fit in a long. Leading zeros are allowed by the grammar.
     */
    static long digits(String s, int from, int to) {
        if (from >= to) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            int digit = c - '0';
            if (value > (Long.MAX_VALUE - digit) / 10) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    // RFC 9110 section 5.6.2: token = 1*tchar.
    private static boolean isToken(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            boolean tchar = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!tchar) {
                return false;
            }
        }
        return from < to;
    }

    // RFC 9110 section 5.6.3: OWS = *( SP / HTAB ).
    private static int skipOws(String s, int from, int to) {
        while (from < to && isOws(s.charAt(from))) {
            from++;
        }
        return from;
    }

    private static int trimOws(String s, int from, int to) {
        while (to > from && isOws(s.charAt(to - 1))) {
            to--;
        }
        return to;
    }

    private static boolean isOws(char c) {
        return c == ' ' || c == '\t';
    }
}
