package dev.geocdn.cache.vary;

import dev.geocdn.cache.http.Headers;
import dev.geocdn.cache.http.RequestFields;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Secondary cache keys from Vary (RFC 9111 section 4.1).
 *
 * <p>A stored response matches a request only if every field named by its Vary has the same
 * value in both requests. Values are normalized as the RFC permits: lines combined with
 * commas and runs of whitespace collapsed, and {@code Accept-Language} and
 * {@code Accept-Encoding} put in one canonical form ({@link WeightedList}), so that requests
 * which mean the same share one variant. "Vary: *" never matches anything.
 */
public final class VaryKeys {

    private VaryKeys() {
    }

    /** The field names listed by Vary, lower-cased, in order, without duplicates. */
    public static List<String> fieldNames(Headers response) {
        List<String> names = new ArrayList<>(2);
        for (String line : response.values("Vary")) {
            for (String part : line.split(",")) {
                String name = part.strip().toLowerCase(Locale.ROOT);
                if (!name.isEmpty() && !names.contains(name)) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /** Whether Vary contains "*", so no stored response can ever be selected. */
    public static boolean isVaryStar(Headers response) {
        return fieldNames(response).contains("*");
    }

    /**
     * The secondary key of {@code request} for a response varying on {@code fieldNames}: empty
     * when nothing varies; a field absent from the request is distinct from an empty one.
     */
    public static String secondaryKey(List<String> fieldNames, RequestFields request) {
        if (fieldNames.isEmpty()) {
            return "";
        }
        StringBuilder key = new StringBuilder();
        for (String name : fieldNames) {
            String value = request.joined(name);
            key.append(name).append(value == null ? "\u0000" : "=" + normalize(name, value)).append('\n');
        }
        return key.toString();
    }

    private static String normalize(String name, String value) {
        String collapsed = value.strip().replaceAll("[ \t]*,[ \t]*", ",").replaceAll("[ \t]+", " ");
        var canonical = WeightedList.BY_FIELD.get(name);
        return canonical == null ? collapsed : canonical.apply(collapsed);
    }
}
