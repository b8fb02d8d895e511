package dev.geocdn.cache.partial;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geocdn.cache.eviction.EvictionPolicies;
import dev.geocdn.cache.freshness.CacheRules;
import dev.geocdn.cache.freshness.StoredResponses;
import dev.geocdn.cache.http.Headers;
import dev.geocdn.cache.purge.PurgeMode;
import dev.geocdn.cache.purge.PurgeTarget;
import dev.geocdn.cache.store.Body;
import dev.geocdn.cache.store.Lookup;
import dev.geocdn.cache.store.ResponseCache;
import dev.geocdn.cache.store.StoreOutcome;
import dev.geocdn.cache.store.StoredResponse;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("RFC 9111 3.4: combining parts in the response cache")
class PartialResponsesTest {

    private static final long T0 = Instant.parse("2025-06-01T00:00:00Z").toEpochMilli();
    private static final String URL = "https://a.example/movie.mp4";
    private static final String V1 = "0123456789abcdefghij";
    private static final String V2 = "ABCDEFGHIJKLMNOPQRST";

    private final ResponseCache cache = new ResponseCache(EvictionPolicies.byName(null), 1 << 20, 64);

    private static StoredResponse part(String content, String etag, int first, int last) {
        Headers headers = Headers.of("Cache-Control", "max-age=60", "ETag", etag, "Surrogate-Key", "film",
                "Content-Range", "bytes " + first + "-" + last + "/" + content.length());
        Body body = PartialBody.of(content.length(), first,
                Body.of(content.substring(first, last + 1).getBytes(StandardCharsets.US_ASCII)));
        return StoredResponses.create(Headers.EMPTY, 206, headers, body, T0, T0, CacheRules.defaults());
    }

    private StoredResponse stored() {
        Lookup lookup = cache.lookup(URL, Headers.EMPTY);
        return lookup.isHit() ? lookup.response() : null;
    }

    @Test
    void partsOfTheSameRepresentation_areCombined() {
        cache.storePart(URL, part(V1, "\"v1\"", 0, 4), 1);
        ResponseCache.PartStored second = cache.storePart(URL, part(V1, "\"v1\"", 10, 14), 2);

        assertThat(second.outcome()).isEqualTo(StoreOutcome.STORED);
        StoredResponse stored = stored();
        assertThat(PartialResponses.isPartial(stored)).isTrue();
        PartialBody body = (PartialBody) stored.body();
        assertThat(body.covers(0, 4)).isTrue();
        assertThat(body.covers(10, 14)).isTrue();
        assertThat(body.missing(0, 19)).containsExactly(5, 19);
    }

    @Test
    void aPartOfANewerRepresentation_replacesTheOlderParts_neverStitched() {
        cache.storePart(URL, part(V1, "\"v1\"", 0, 9), 1);
        cache.storePart(URL, part(V2, "\"v2\"", 10, 19), 2);

        PartialBody body = (PartialBody) stored().body();
        assertThat(body.covers(0, 9)).isFalse();
        assertThat(body.covers(10, 19)).isTrue();
        assertThat(stored().headers().get("ETag")).isEqualTo("\"v2\"");
    }

    @Test
    void partsThatCoverEverything_becomeTheWholeRepresentation() {
        cache.storePart(URL, part(V1, "\"v1\"", 0, 9), 1);
        ResponseCache.PartStored last = cache.storePart(URL, part(V1, "\"v1\"", 10, 19), 2);

        StoredResponse whole = stored();
        assertThat(last.response().status()).isEqualTo(200);
        assertThat(whole.status()).isEqualTo(200);
        assertThat(whole.headers().contains("Content-Range")).isFalse();
        assertThat(new String(whole.body().toByteArray(), StandardCharsets.US_ASCII)).isEqualTo(V1);
    }

    @Test
    void aWeakEntityTag_isNoProofOfTheSameRepresentation() {
        cache.storePart(URL, part(V1, "W/\"v1\"", 0, 9), 1);
        cache.storePart(URL, part(V1, "W/\"v1\"", 10, 19), 2);

        PartialBody body = (PartialBody) stored().body();
        assertThat(body.covers(0, 9)).isFalse();
        assertThat(PartialResponses.ifRangeValidator(stored())).isEmpty();
    }

    @Test
    void parts_areBoundedLikeAnyObject() {
        ResponseCache small = new ResponseCache(EvictionPolicies.byName(null), 1 << 20, 12);
        small.storePart(URL, part(V1, "\"v1\"", 0, 9), 1);

        ResponseCache.PartStored more = small.storePart(URL, part(V1, "\"v1\"", 10, 14), 2);

        assertThat(more.outcome()).isEqualTo(StoreOutcome.TOO_LARGE);
        assertThat(((PartialBody) small.lookup(URL, Headers.EMPTY).response().body()).covers(10, 14)).isFalse();
    }

    @Test
    void parts_arePurgedLikeAnyObject_byUrlAndByTag() {
        cache.storePart(URL, part(V1, "\"v1\"", 0, 9), 1);
        cache.purge(new PurgeTarget.Url(URL), PurgeMode.HARD, 5);
        assertThat(stored()).isNull();

        cache.storePart(URL, part(V1, "\"v1\"", 0, 9), 6);
        cache.purge(new PurgeTarget.Tag("film"), PurgeMode.HARD, 7);
        assertThat(stored()).isNull();

        ResponseCache.PartStored late = cache.storePart(URL, part(V1, "\"v1\"", 10, 19), 6);
        assertThat(late.outcome()).as("a part fetched before the purge is refused").isIn(StoreOutcome.PURGED, StoreOutcome.BELOW_FLOOR);
        assertThat(stored()).isNull();
    }
}
