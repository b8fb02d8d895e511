package dev.geocdn.cache.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geocdn.cache.eviction.EvictionPolicies;
import dev.geocdn.cache.freshness.CacheRules;
import dev.geocdn.cache.freshness.StoredResponses;
import dev.geocdn.cache.http.Headers;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/** Responses with tags, and the check that the purge index matches the store, for the purge tests. */
final class PurgeFixtures {

    /** When the test responses were received; they are fresh for a minute after. */
    static final long T0 = 1_750_000_000_000L;

    private PurgeFixtures() {
    }

    static Stream<String> policies() {
        return EvictionPolicies.names().stream();
    }

    /** A response fresh for 60 s whose body is {@code body}, tagged with the space-separated {@code tags} (none if blank). */
    static StoredResponse tagged(String body, String tags) {
        return tagged(Body.of(body.getBytes(StandardCharsets.UTF_8)), tags, Headers.EMPTY);
    }

    /** The same, for the request {@code request} of a response that varies on Accept-Encoding. */
    static StoredResponse variant(String body, String tags, String acceptEncoding) {
        return tagged(Body.of(body.getBytes(StandardCharsets.UTF_8)), tags, Headers.of("Accept-Encoding", acceptEncoding));
    }

    static StoredResponse tagged(Body body, String tags, Headers request) {
        Headers.Builder headers = Headers.of("Cache-Control", "max-age=60").newBuilder();
        if (!request.equals(Headers.EMPTY)) {
            headers.add("Vary", "Accept-Encoding");
        }
        if (!tags.isBlank()) {
            headers.add("Surrogate-Key", tags);
        }
        return StoredResponses.create(request, 200, headers.build(), body, T0, T0, CacheRules.defaults());
    }

    static String bodyOf(StoredResponse response) {
        return new String(response.body().toByteArray(), StandardCharsets.UTF_8);
    }

    /**
     * Checks that the purge index holds exactly the store's keys, in order, each under the tags
     * of its variants, and each tag with exactly the keys that carry it.
     */
    static void assertIndexMatchesStore(ResponseCache cache) {
        Map<String, Variants> entries = cache.entries();
        Map<String, Set<String>> expectedTags = new TreeMap<>();
        Map<String, Set<String>> expectedByTag = new TreeMap<>();
        entries.forEach((key, variants) -> {
            Set<String> tags = new LinkedHashSet<>(variants.tags());
            expectedTags.put(key, tags);
            tags.forEach(tag -> expectedByTag.computeIfAbsent(tag, t -> new TreeSet<>()).add(key));
        });
        assertThat(cache.index().snapshot()).as("keys and their tags").isEqualTo(expectedTags);
        assertThat(cache.index().tagSnapshot()).as("tags and their keys").isEqualTo(expectedByTag);
        assertThat(cache.index().orderedKeys()).as("ordered keys").containsExactlyElementsOf(entries.keySet());
    }
}
