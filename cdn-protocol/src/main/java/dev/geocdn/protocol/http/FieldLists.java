package dev.geocdn.protocol.http;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a field value into its list members or parameters: at a separator outside quoted
 * strings (RFC 9110 section 5.6.4, with backslash escapes), and, for {@code Link}, outside the
 * {@code <...>} of a URI reference (RFC 8288 section 3), which may hold commas and semicolons.
 */
final class FieldLists {

    private FieldLists() {
    }

    /** The parts of {@code text} between unquoted {@code separator}s, untrimmed. */
    static List<String> split(String text, char separator, boolean uriReferences) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        boolean inReference = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted && c == '\\' && i + 1 < text.length()) {
                part.append(c).append(text.charAt(++i));
                continue;
            }
            if (c == '"' && !inReference) {
                quoted = !quoted;
            } else if (uriReferences && !quoted && (c == '<' || c == '>')) {
                inReference = c == '<';
            } else if (c == separator && !quoted && !inReference) {
                parts.add(part.toString());
                part.setLength(0);
                continue;
            }
            part.append(c);
        }
        parts.add(part.toString());
        return parts;
    }
}
