package dev.geocdn.cache.tier;

import dev.geocdn.cache.http.CacheControl;
import dev.geocdn.cache.http.Headers;
import dev.geocdn.cache.store.Body;
import dev.geocdn.cache.store.StoredResponse;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TierEncodingTest {

    private static final long NOW = 1_796_000_000_000L;

    private static StoredResponse response(byte[] body, Headers headers) {
        return new StoredResponse(200, headers, Body.of(body), NOW - 40, NOW - 10, "accept-encoding=gzip",
                CacheControl.parse(headers.joined("Cache-Control") == null ? "" : headers.joined("Cache-Control")),
                60_000, 3_000);
    }

    private static StoredResponse roundTrip(StoredResponse original, long fillStartedAt) {
        byte[] bytes = TierEncoding.encode(original, fillStartedAt);
        TierEntry entry = TierEncoding.decode(bytes);
        assertThat(entry.fillStartedAt()).isEqualTo(fillStartedAt);
        byte[] body = Arrays.copyOfRange(bytes, entry.bodyOffset(), entry.bodyOffset() + entry.bodyLength());
        return entry.toStored(Body.of(body), CacheControl.parse(String.valueOf(entry.headers().joined("Cache-Control"))));
    }

    @Test
    void everythingNeededToServeItAgainSurvives() {
        Headers headers = Headers.of("Cache-Control", "max-age=60", "ETag", "\"v1\"", "Last-Modified",
                "Tue, 01 Dec 2026 10:00:00 GMT", "Surrogate-Key", "a b", "Surrogate-Key", "c", "X-Note", "café");
        StoredResponse original = response("hello, tier".getBytes(StandardCharsets.UTF_8), headers);

        StoredResponse back = roundTrip(original, (NOW << 16) | 7);

        assertThat(back.status()).isEqualTo(200);
        assertThat(back.headers()).isEqualTo(headers);
        assertThat(back.headers().values("Surrogate-Key")).containsExactly("a b", "c");
        assertThat(back.body().toByteArray()).isEqualTo(original.body().toByteArray());
        assertThat(back.secondaryKey()).isEqualTo(original.secondaryKey());
        assertThat(back.requestTimeMillis()).isEqualTo(original.requestTimeMillis());
        assertThat(back.responseTimeMillis()).isEqualTo(original.responseTimeMillis());
        assertThat(back.freshnessLifetimeMillis()).isEqualTo(60_000);
        assertThat(back.correctedInitialAgeMillis()).isEqualTo(3_000);
    }

    @Test
    void aResponseReadBackHasTheAgeItWouldHaveHad() {
        StoredResponse original = response(new byte[10], Headers.of("Cache-Control", "max-age=60"));
        StoredResponse back = roundTrip(original, 1);
        long later = NOW + 45_000;
        assertThat(back.currentAgeMillis(later)).isEqualTo(original.currentAgeMillis(later));
        assertThat(back.isFresh(later)).isTrue();
        assertThat(back.isFresh(NOW + 58_000)).isFalse(); // 3 s initial age + 57 s
    }

    @Test
    void emptyBodiesAndNoFields() {
        StoredResponse original = new StoredResponse(204, Headers.EMPTY, Body.EMPTY, 0, 0, "", CacheControl.NONE, 0, 0);
        StoredResponse back = roundTrip(original, 0);
        assertThat(back.status()).isEqualTo(204);
        assertThat(back.headers().size()).isZero();
        assertThat(back.body().length()).isZero();
    }

    @Test
    void theLayoutIsCompact() {
        StoredResponse original = response(new byte[1024], Headers.of("Cache-Control", "max-age=60", "ETag", "\"v1\""));
        byte[] bytes = TierEncoding.encode(original, NOW << 16);
        int fields = "Cache-Control".length() + "max-age=60".length() + "ETag".length() + "\"v1\"".length()
                + "accept-encoding=gzip".length();
        assertThat(bytes.length).isLessThanOrEqualTo(1024 + fields + 60);
        assertThat(bytes[0]).isEqualTo(TierEncoding.VERSION);
    }

    @Test
    void sizesAreExactForEveryVarintWidth() {
        for (long time : new long[] {0, 1, 63, 64, 127, 128, 8191, 8192, -1, -64, -65, Long.MAX_VALUE, Long.MIN_VALUE}) {
            StoredResponse original = new StoredResponse(999, Headers.of("A", "x".repeat(200)), Body.of(new byte[300]),
                    time, time, "k".repeat(130), CacheControl.NONE, time, time);
            StoredResponse back = roundTrip(original, time); // decode refuses missing or trailing bytes
            assertThat(back.requestTimeMillis()).isEqualTo(time);
            assertThat(back.freshnessLifetimeMillis()).isEqualTo(time);
        }
    }

    @Test
    void anotherVersionIsRefused() {
        byte[] bytes = TierEncoding.encode(response(new byte[4], Headers.EMPTY), 1);
        bytes[0] = 2;
        assertThatThrownBy(() -> TierEncoding.decode(bytes)).isInstanceOf(TierFormatException.class)
                .hasMessageContaining("version 2");
    }

    @Test
    void everyTruncationIsAFormatErrorNeverAnotherFailure() {
        byte[] bytes = TierEncoding.encode(response("body".getBytes(StandardCharsets.UTF_8),
                Headers.of("ETag", "\"x\"", "Cache-Control", "max-age=5")), 99);
        for (int length = 0; length < bytes.length; length++) {
            byte[] cut = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> TierEncoding.decode(cut)).as("cut at %d", length)
                    .isInstanceOf(TierFormatException.class);
        }
    }

    @Test
    void trailingBytesAreRefused() {
        byte[] bytes = TierEncoding.encode(response(new byte[3], Headers.EMPTY), 1);
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        assertThatThrownBy(() -> TierEncoding.decode(longer)).isInstanceOf(TierFormatException.class);
    }

    @Test
    void damagedLengthsAreRefused() {
        byte[] bytes = TierEncoding.encode(response(new byte[3], Headers.of("A", "b")), 1);
        for (int i = 1; i < bytes.length; i++) {
            byte[] damaged = bytes.clone();
            damaged[i] = (byte) 0xFF;
            try {
                TierEntry entry = TierEncoding.decode(damaged);
                assertThat(entry.bodyOffset() + entry.bodyLength()).isEqualTo(damaged.length);
            } catch (TierFormatException expected) {
                assertThat(expected).hasMessageNotContaining("Exception");
            }
        }
    }

    @Test
    void aVariantList_readsBackItsFieldNames_andIsToldApartFromAResponse() {
        byte[] list = TierEncoding.encodeVariants(java.util.List.of("accept-encoding", "accept-language"));

        assertThat(TierEncoding.variants(list)).hasValue(java.util.List.of("accept-encoding", "accept-language"));
        assertThat(list[0]).isNotEqualTo(TierEncoding.VERSION);
        assertThatThrownBy(() -> TierEncoding.decode(list)).isInstanceOf(TierFormatException.class);
        assertThatThrownBy(() -> TierEncoding.variants(Arrays.copyOf(list, list.length - 3)))
                .isInstanceOf(TierFormatException.class);
        assertThat(TierEncoding.variants(new byte[] {TierEncoding.VERSION, 1, 2})).isEmpty();
    }
}
