package dev.geocdn.node.proxy;

import dev.geocdn.cache.http.Headers;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * Which of a response's header fields reach the client. The origin's {@code Surrogate-Key} and
 * {@code Cache-Tag} fields are addressed to the CDN (purge tags: see
 * {@link dev.geocdn.cache.purge.SurrogateKeys}), not to browsers, and often name internal things
 * (customer ids, product ids, build numbers); Fastly removes {@code Surrogate-Key} and Cloudflare
 * {@code Cache-Tag} before delivering, and so does the node by default
 * ({@code cdn.edge.strip-response-fields}). The cache keeps them: purges find the response by them.
 *
 * <p>An operator who puts another CDN tier in front of the node, one that reads the same
 * fields, sets the list empty.
 */
public final class ClientFields {

    /** What the node removes unless configured otherwise. */
    public static final List<String> DEFAULT_STRIPPED = List.of("Surrogate-Key", "Cache-Tag");

    private final String[] stripped;

    private ClientFields(List<String> stripped) {
        this.stripped = stripped.stream().map(String::trim).filter(name -> !name.isEmpty()).distinct()
                .toArray(String[]::new);
    }

    /** Removes the named fields (case-insensitive) from what clients receive. */
    public static ClientFields stripping(List<String> names) {
        return new ClientFields(names);
    }

    /** Whether a field of this name reaches the client. */
    boolean passes(String name) {
        for (String s : stripped) {
            if (s.equalsIgnoreCase(name)) {
                return false;
            }
        }
        return true;
    }

    /** Adds every field of {@code from} that reaches the client to {@code to}, in order. */
    public void copy(Headers from, BiConsumer<String, String> to) {
        if (stripped.length == 0) {
            from.forEach(to);
            return;
        }
        for (int i = 0, n = from.size(); i < n; i++) {
            String name = from.name(i);
            if (passes(name)) {
                to.accept(name, from.value(i));
            }
        }
    }
}
