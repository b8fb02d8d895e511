package dev.geocdn.cache.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.geocdn.cache.eviction.EvictionPolicies;
import dev.geocdn.cache.freshness.CacheRules;
import dev.geocdn.cache.freshness.StoredResponses;
import dev.geocdn.cache.http.Headers;

import java.time.Instant;
import java.util.Random;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("RFC 9111 4.1: the response cache selects variants by Vary")
class ResponseCache_Rfc9111_4_1_Test {

    private static final long T0 = Instant.parse("2025-06-01T00:00:00Z").toEpochMilli();
    private static final String URL = "https://a.example/app.js";

    static java.util.stream.Stream<String> policies() {
        return EvictionPolicies.names().stream();
    }

    private final ResponseCache cache = new ResponseCache(EvictionPolicies.byName(null), 1 << 20, 64 * 1024);

    @Test
    void nothingStored_isUriMiss() {
        Lookup lookup = cache.lookup(URL, Headers.EMPTY);
        assertThat(lookup.isHit()).isFalse();
        assertThat(lookup.miss()).isEqualTo(Lookup.Miss.URI_MISS);
    }

    @Test
    void responseWithoutVary_matchesEveryRequest() {
        StoredResponse response = response(Headers.of("Accept-Encoding", "gzip"), "body", "Cache-Control", "max-age=60");
        cache.store(URL, response);

        assertThat(cache.lookup(URL, Headers.of("Accept-Encoding", "br")).response()).isSameAs(response);
        assertThat(cache.lookup(URL, Headers.EMPTY).response()).isSameAs(response);
        assertThat(cache.lookup("https://a.example/other.js", Headers.EMPTY).miss()).isEqualTo(Lookup.Miss.URI_MISS);
    }

    @ParameterizedTest(name = "4.1: stored for gzip, request Accept-Encoding ''{0}'' is {1}")
    @CsvSource(delimiter = '|', value = {
        "gzip       | HIT",
        "br         | VARY_MISS",
        "GZIP       | HIT",
        "x-gzip     | HIT",
        "gzip, br   | VARY_MISS",
        "-          | VARY_MISS",
    })
    void otherVaryValues_areVaryMiss(String acceptEncoding, String expected) {
        cache.store(URL, response(Headers.of("Accept-Encoding", "gzip"), "gz", "Vary", "Accept-Encoding"));
        Headers request = acceptEncoding.equals("-") ? Headers.EMPTY : Headers.of("accept-encoding", acceptEncoding);

        Lookup lookup = cache.lookup(URL, request);

        assertThat(lookup.isHit() ? "HIT" : lookup.miss().name()).isEqualTo(expected);
    }

    @Test
    void variants_areStoredSideBySide() {
        StoredResponse gzip = response(Headers.of("Accept-Encoding", "gzip"), "gz", "Vary", "Accept-Encoding");
        StoredResponse br = response(Headers.of("Accept-Encoding", "br"), "brotli", "Vary", "Accept-Encoding");
        StoredResponse identity = response(Headers.EMPTY, "plain", "Vary", "Accept-Encoding");
        cache.store(URL, gzip);
        cache.store(URL, br);
        cache.store(URL, identity);

        assertThat(cache.lookup(URL, Headers.of("Accept-Encoding", "gzip")).response()).isSameAs(gzip);
        assertThat(cache.lookup(URL, Headers.of("Accept-Encoding", "br")).response()).isSameAs(br);
        assertThat(cache.lookup(URL, Headers.EMPTY).response()).isSameAs(identity);
        assertThat(cache.objectCount()).isEqualTo(1);
    }

    @Test
    void sameVaryValues_replaceTheVariant() {
        cache.store(URL, response(Headers.of("Accept-Encoding", "gzip"), "old", "Vary", "Accept-Encoding"));
        StoredResponse newer = response(Headers.of("Accept-Encoding", "gzip"), "new", "Vary", "Accept-Encoding");
        cache.store(URL, newer);

        assertThat(cache.lookup(URL, Headers.of("Accept-Encoding", "gzip")).response()).isSameAs(newer);
        assertThat(cache.storedBytes()).isEqualTo(newer.weight());
    }

    @Test
    void invalidate_removesEveryVariant() {
        cache.store(URL, response(Headers.of("Accept-Encoding", "gzip"), "gz", "Vary", "Accept-Encoding"));
        cache.store(URL, response(Headers.of("Accept-Encoding", "br"), "br", "Vary", "Accept-Encoding"));
        cache.store("https://a.example/keep", response(Headers.EMPTY, "keep"));

        assertThat(cache.invalidate(URL)).isTrue();
        assertThat(cache.invalidate(URL)).isFalse();

        assertThat(cache.lookup(URL, Headers.of("Accept-Encoding", "gzip")).miss()).isEqualTo(Lookup.Miss.URI_MISS);
        assertThat(cache.lookup(URL, Headers.of("Accept-Encoding", "br")).miss()).isEqualTo(Lookup.Miss.URI_MISS);
        assertThat(cache.lookup("https://a.example/keep", Headers.EMPTY).isHit()).isTrue();
    }

    @ParameterizedTest(name = "maxObjectBytes 100: a body of {0} bytes is stored: {1}")
    @CsvSource({
        "0,   true",
        "99,  true",
        "100, true",
        "101, false",
    })
    void maxObjectBytes_isRespected(int bodyBytes, boolean stored) {
        ResponseCache small = new ResponseCache(EvictionPolicies.byName(null), 1 << 20, 100);
        small.store(URL, response(Headers.EMPTY, "x".repeat(bodyBytes)));

        assertThat(small.lookup(URL, Headers.EMPTY).isHit()).isEqualTo(stored);
        assertThat(small.admitsLength(bodyBytes)).isEqualTo(stored);
    }

    @Test
    void unknownLength_isAdmittedUntilItIsKnown() {
        assertThat(cache.admitsLength(-1)).isTrue();
    }

    @ParameterizedTest(name = "{0}: storedBytes stays within maxBytes")
    @MethodSource("policies")
    void storedBytes_stayWithinMaxBytes(String policy) {
        long maxBytes = 256 * 1024;
        ResponseCache bounded = new ResponseCache(EvictionPolicies.byName(policy), maxBytes, 32 * 1024);
        Random random = new Random(42);
        for (int i = 0; i < 2_000; i++) {
            String url = "https://a.example/" + random.nextInt(500);
            String encoding = random.nextBoolean() ? "gzip" : "br";
            bounded.store(url, response(Headers.of("Accept-Encoding", encoding), "b".repeat(random.nextInt(32 * 1024)),
                    "Vary", "Accept-Encoding"));
            assertThat(bounded.storedBytes()).isLessThanOrEqualTo(maxBytes);
        }
        assertThat(bounded.maxBytes()).isEqualTo(maxBytes);
        assertThat(bounded.evictionCount()).isPositive();
        assertThat(bounded.objectCount()).isPositive();

        bounded.clear();
        assertThat(bounded.objectCount()).isZero();
        assertThat(bounded.storedBytes()).isZero();
    }

    @ParameterizedTest(name = "maxBytes {0} is rejected")
    @ValueSource(longs = {0, -1})
    void nonPositiveMaxBytes_isRejected(long maxBytes) {
        assertThatIllegalArgumentException().isThrownBy(() -> new ResponseCache(EvictionPolicies.byName(null), maxBytes, 10));
    }

    @Test
    void weight_countsBodyHeadersKeyAndOverhead() {
        StoredResponse response = response(Headers.of("Accept-Encoding", "gzip"), "12345", "Vary", "Accept-Encoding");
        assertThat(response.weight()).isEqualTo(5 + response.headers().byteSize() + response.secondaryKey().length()
                + StoredResponse.OVERHEAD_BYTES);
        cache.store(URL, response);
        assertThat(cache.storedBytes()).isEqualTo(response.weight());
    }

    private static StoredResponse response(Headers request, String body, String... responseFields) {
        Headers headers = responseFields.length == 0 ? Headers.of("Cache-Control", "max-age=60") : Headers.of(responseFields);
        return StoredResponses.create(request, 200, headers, Body.of(body.getBytes()), T0, T0, CacheRules.defaults());
    }
}
