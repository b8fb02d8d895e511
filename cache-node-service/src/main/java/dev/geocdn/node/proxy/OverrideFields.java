package dev.geocdn.node.proxy;

import dev.geocdn.cache.http.Headers;

import java.util.List;

/**
 * Request fields that frameworks behind an origin take as a different target or method
 * ({@code X-Original-URL}, {@code X-Rewrite-URL}, {@code X-HTTP-Method-Override}, ...), removed
 * from every request before it goes further.
 *
 * <p>Why: the cache key is the URL the client asked for, but an origin that honours such a field
 * answers for another URL or method, and the node would store that answer under the requested
 * key for everyone (web cache poisoning; Symfony and IIS URL Rewrite honour the URL fields, many
 * REST frameworks the method ones). A field that is not part of the key must not be able to
 * change what is cached. Operators whose origin relies on one of them (behind a trusted client
 * only) configure the list ({@code cdn.edge.strip-request-fields}).
 */
public final class OverrideFields {

    /** Removed unless configured otherwise. */
    public static final List<String> DEFAULT_STRIPPED = List.of("X-Original-URL", "X-Rewrite-URL",
            "X-Override-URL", "X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override",
            "X-Original-Method", "X-Forwarded-Path", "X-Forwarded-Prefix", "X-Forwarded-Uri");

    private final List<String> stripped;

    private OverrideFields(List<String> stripped) {
        this.stripped = stripped.stream().map(String::trim).filter(name -> !name.isEmpty()).distinct().toList();
    }

    /** Removes the named fields (case-insensitive). */
    public static OverrideFields stripping(List<String> names) {
        return new OverrideFields(names);
    }

    /** {@code headers} without the stripped fields (the same instance when none is present). */
    Headers strip(Headers headers) {
        Headers.Builder builder = null;
        for (String name : stripped) {
            if (headers.contains(name)) {
                builder = (builder == null ? headers.newBuilder() : builder).removeAll(name);
            }
        }
        return builder == null ? headers : builder.build();
    }
}
