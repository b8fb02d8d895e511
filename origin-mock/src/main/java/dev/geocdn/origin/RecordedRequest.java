package dev.geocdn.origin;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One request as the origin received it, kept so that a test can assert on what a proxy
 * actually forwarded (which headers it added, stripped or rewrote).
 *
 * @param method  the request method, e.g. {@code GET}
 * @param uri     the request target exactly as received, including the query string
 * @param headers the request headers; names are lower-cased, values keep their order
 */
public record RecordedRequest(String method, String uri, Map<String, List<String>> headers) {

    public RecordedRequest {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        headers = Collections.unmodifiableMap(copy);
    }

    /** The first value of a header (name compared case-insensitively), or {@code null}. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
