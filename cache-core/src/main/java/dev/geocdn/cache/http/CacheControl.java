package dev.geocdn.cache.http;

import java.util.Collections;
import java.util.List;
import java.util.Optional;
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
            while (i < n && StructuredDictionary.isTchar(value.charAt(i))) {
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
     * Reads a targeted field's Dictionary (RFC 9213 section 2.1): each member whose value has the
     * type its directive takes becomes that directive; a member of the wrong type (a String or a
     * Token where an Integer is due, {@code ?0} for a flag) is ignored, as if absent. Members
     * that are no known directive are kept with their value as text.
     */
    private static CacheControl parseDictionary(String value) {
        Optional<Map<String, StructuredDictionary.Item>> dictionary = StructuredDictionary.parse(value);
        if (dictionary.isEmpty()) {
            return new CacheControl(Map.of(), false);
        }
        Map<String, String> result = new LinkedHashMap<>();
        dictionary.get().forEach((key, item) -> {
            Directive directive = Directive.named(key);
            Optional<Argument> argument = directive == null ? Optional.of(new Argument(asText(item)))
                    : typed(directive.kind(), item);
            argument.ifPresent(a -> result.put(key, a.text()));
        });
        return new CacheControl(Collections.unmodifiableMap(result), true);
    }

    /** A directive's argument; null text for a directive given without one. */
    private record Argument(String text) {
    }

    private static final Argument NO_ARGUMENT = new Argument(null);

    private static Optional<Argument> typed(Directive.Kind kind, StructuredDictionary.Item item) {
        return switch (kind) {
            case FLAG -> item instanceof StructuredDictionary.BooleanItem(boolean on) && on
                    ? Optional.of(NO_ARGUMENT) : Optional.empty();
            case SECONDS -> item instanceof StructuredDictionary.IntegerItem(long n)
                    ? Optional.of(new Argument(Long.toString(n))) : Optional.empty();
            case OPTIONAL_SECONDS -> switch (item) {
                case StructuredDictionary.IntegerItem(long n) -> Optional.of(new Argument(Long.toString(n)));
                case StructuredDictionary.BooleanItem(boolean on) when on -> Optional.of(NO_ARGUMENT);
                default -> Optional.empty();
            };
            case FLAG_OR_FIELDS -> switch (item) {
                case StructuredDictionary.BooleanItem(boolean on) when on -> Optional.of(NO_ARGUMENT);
                case StructuredDictionary.StringItem(String names) -> Optional.of(new Argument(names));
                case StructuredDictionary.InnerList(List<StructuredDictionary.Item> items)
                        when items.stream().allMatch(i -> i instanceof StructuredDictionary.StringItem
                        || i instanceof StructuredDictionary.TokenItem) ->
                        Optional.of(new Argument(String.join(", ", items.stream().map(CacheControl::asText).toList())));
                default -> Optional.empty();
            };
        };
    }

    /** An extension member's value as text; null for a bare key. */
    private static String asText(StructuredDictionary.Item item) {
        return switch (item) {
            case StructuredDictionary.IntegerItem(long n) -> Long.toString(n);
            case StructuredDictionary.DecimalItem(String text) -> text;
            case StructuredDictionary.StringItem(String text) -> text;
            case StructuredDictionary.TokenItem(String text) -> text;
            case StructuredDictionary.BytesItem(String base64) -> ":" + base64 + ":";
            case StructuredDictionary.BooleanItem(boolean on) -> on ? null : "?0";
            case StructuredDictionary.InnerList(List<StructuredDictionary.Item> items) ->
                    "(" + String.join(" ", items.stream().map(CacheControl::asText).toList()) + ")";
        };
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
    public boolean has(Directive directive) {
        return directives.containsKey(directive.wireName());
    }

    /** The argument of {@code directive} (field names for no-cache and private), or null when absent or argument-less. */
    public String argument(Directive directive) {
        return directives.get(directive.wireName());
    }

    /**
     * The delta-seconds argument of {@code directive}: empty when absent, {@link #INVALID} when
     * present but not a non-negative integer, capped at {@link #MAX_DELTA_SECONDS}.
     *
     * @throws IllegalArgumentException for a directive that takes no delta-seconds
     */
    public OptionalLong seconds(Directive directive) {
        if (directive.kind() != Directive.Kind.SECONDS && directive.kind() != Directive.Kind.OPTIONAL_SECONDS) {
            throw new IllegalArgumentException(directive.wireName() + " takes no delta-seconds");
        }
        if (!directives.containsKey(directive.wireName())) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(parseDeltaSeconds(directives.get(directive.wireName())));
    }

    /** Whether the extension directive {@code name} (lower case; no {@link Directive}) is present. */
    public boolean hasExtension(String name) {
        return directives.containsKey(name);
    }

    /** The argument of the extension directive {@code name} (lower case), or null. */
    public String extension(String name) {
        return directives.get(name);
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

}
