package dev.geocdn.cache.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An RFC 8941 Structured Fields Dictionary (sections 3.2 and 4.2.2), parsed into typed members,
 * as targeted cache-control fields such as {@code CDN-Cache-Control} are written (RFC 9213
 * section 2.1).
 *
 * <p>Parsing is all-or-nothing: one member that breaks the syntax makes the whole field
 * invalid (section 4.2: "fail parsing"), and a field that fails must be ignored entirely. A later
 * duplicate key replaces the earlier one. Parameters are checked for syntax and dropped: none of
 * the cache directives defines any.
 */
public final class StructuredDictionary {

    /** A member's value: a bare item (section 3.3) or an inner list of them (section 3.1.1). */
    public sealed interface Item {
    }

    /** An Integer: at most 15 digits, optionally negative. */
    public record IntegerItem(long value) implements Item {
    }

    /** A Decimal, kept as written. */
    public record DecimalItem(String text) implements Item {
    }

    /** A String, unescaped. */
    public record StringItem(String value) implements Item {
    }

    /** A Token. */
    public record TokenItem(String value) implements Item {
    }

    /** A Byte Sequence, as its base64 text between colons. */
    public record BytesItem(String base64) implements Item {
    }

    /** A Boolean; a key written alone is {@code true}. */
    public record BooleanItem(boolean value) implements Item {
    }

    /** An Inner List. */
    public record InnerList(List<Item> items) implements Item {
    }

    private StructuredDictionary() {
    }

    /** The members of {@code value} in order, or empty when it is not a Dictionary. */
    public static Optional<Map<String, Item>> parse(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        Cursor c = new Cursor(value.strip());
        Map<String, Item> members = new LinkedHashMap<>();
        while (true) {
            String key = c.key();
            if (key == null) {
                return Optional.empty();
            }
            Item item = new BooleanItem(true);
            if (c.peek() == '=') {
                c.i++;
                item = c.peek() == '(' ? c.innerList() : c.bareItem();
                if (item == null) {
                    return Optional.empty();
                }
            }
            if (!c.parameters()) {
                return Optional.empty();
            }
            members.remove(key); // a duplicate takes the later position, too
            members.put(key, item);
            c.skipSpaces();
            if (c.atEnd()) {
                return Optional.of(Collections.unmodifiableMap(members));
            }
            if (c.peek() != ',') {
                return Optional.empty();
            }
            c.i++;
            c.skipSpaces();
            if (c.atEnd()) {
                return Optional.empty(); // a trailing comma
            }
        }
    }

    /** A position in the field value. */
    private static final class Cursor {
        final String s;
        int i;

        Cursor(String s) {
            this.s = s;
        }

        boolean atEnd() {
            return i >= s.length();
        }

        char peek() {
            return atEnd() ? '\0' : s.charAt(i);
        }

        void skipSpaces() {
            while (!atEnd() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                i++;
            }
        }

        // section 3.1.2: key = ( lcalpha / "*" ) *( lcalpha / DIGIT / "_" / "-" / "." / "*" )
        String key() {
            char first = peek();
            if (!((first >= 'a' && first <= 'z') || first == '*')) {
                return null;
            }
            int start = i++;
            while (!atEnd()) {
                char c = s.charAt(i);
                if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "_-.*".indexOf(c) >= 0)) {
                    break;
                }
                i++;
            }
            return s.substring(start, i);
        }

        // section 3.1.2: parameters = *( ";" *SP parameter ), parameter = key [ "=" bare-item ]
        boolean parameters() {
            while (peek() == ';') {
                i++;
                while (peek() == ' ') {
                    i++;
                }
                if (key() == null) {
                    return false;
                }
                if (peek() == '=') {
                    i++;
                    if (bareItem() == null) {
                        return false;
                    }
                }
            }
            return true;
        }

        // section 3.1.1: "(" *SP [ sf-item *( 1*SP sf-item ) *SP ] ")" parameters
        Item innerList() {
            i++;
            List<Item> items = new ArrayList<>();
            while (true) {
                while (peek() == ' ') {
                    i++;
                }
                if (atEnd()) {
                    return null;
                }
                if (peek() == ')') {
                    i++;
                    return new InnerList(List.copyOf(items));
                }
                if (s.charAt(i - 1) != ' ' && s.charAt(i - 1) != '(') {
                    return null;
                }
                Item item = bareItem();
                if (item == null || !parameters()) {
                    return null;
                }
                items.add(item);
            }
        }

        // section 3.3
        Item bareItem() {
            char first = peek();
            if (first == '-' || (first >= '0' && first <= '9')) {
                return number();
            }
            if (first == '"') {
                return string();
            }
            if (first == '?') {
                if (i + 1 < s.length() && (s.charAt(i + 1) == '0' || s.charAt(i + 1) == '1')) {
                    i += 2;
                    return new BooleanItem(s.charAt(i - 1) == '1');
                }
                return null;
            }
            if (first == ':') {
                return bytes();
            }
            if ((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z') || first == '*') {
                int start = i++;
                while (!atEnd() && (isTchar(s.charAt(i)) || s.charAt(i) == ':' || s.charAt(i) == '/')) {
                    i++;
                }
                return new TokenItem(s.substring(start, i));
            }
            return null;
        }

        // section 3.3.1 / 3.3.2: at most 15 integer digits; a decimal at most 12.3
        private Item number() {
            int start = i;
            if (peek() == '-') {
                i++;
            }
            int digitsStart = i;
            while (!atEnd() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
            int integerDigits = i - digitsStart;
            if (integerDigits == 0) {
                return null;
            }
            if (peek() == '.') {
                int fractionStart = ++i;
                while (!atEnd() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                    i++;
                }
                int fractionDigits = i - fractionStart;
                if (integerDigits > 12 || fractionDigits < 1 || fractionDigits > 3) {
                    return null;
                }
                return new DecimalItem(s.substring(start, i));
            }
            if (integerDigits > 15) {
                return null;
            }
            return new IntegerItem(Long.parseLong(s, start, i, 10));
        }

        // section 3.3.3: printable ASCII, with \" and \\ the only escapes
        private Item string() {
            StringBuilder out = new StringBuilder();
            i++;
            while (!atEnd()) {
                char c = s.charAt(i++);
                if (c == '\\') {
                    if (atEnd() || (s.charAt(i) != '"' && s.charAt(i) != '\\')) {
                        return null;
                    }
                    out.append(s.charAt(i++));
                } else if (c == '"') {
                    return new StringItem(out.toString());
                } else if (c < 0x20 || c > 0x7e) {
                    return null;
                } else {
                    out.append(c);
                }
            }
            return null;
        }

        // section 3.3.5
        private Item bytes() {
            int start = ++i;
            while (!atEnd() && s.charAt(i) != ':') {
                char c = s.charAt(i++);
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || c == '+' || c == '/' || c == '=')) {
                    return null;
                }
            }
            if (atEnd()) {
                return null;
            }
            return new BytesItem(s.substring(start, i++));
        }
    }

    // RFC 9110 section 5.6.2 tchar
    static boolean isTchar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }
}
