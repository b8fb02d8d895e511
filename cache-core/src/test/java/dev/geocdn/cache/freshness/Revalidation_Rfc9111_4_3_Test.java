package dev.geocdn.cache.freshness;

import dev.geocdn.cache.http.Directive;
import static dev.geocdn.cache.freshness.Http.RULES;
import static dev.geocdn.cache.freshness.Http.at;
import static dev.geocdn.cache.freshness.Http.date;
import static dev.geocdn.cache.freshness.Http.headers;
import static dev.geocdn.cache.freshness.Http.stored;
import static org.assertj.core.api.Assertions.assertThat;

import dev.geocdn.cache.http.Headers;
import dev.geocdn.cache.store.StoredResponse;

import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("RFC 9111 4.3: validation, and freshening from 304 (4.3.4, 3.2)")
class Revalidation_Rfc9111_4_3_Test {

    /** Stored at T0 with max-age=60; revalidated at T0+120 (request sent at T0+119). */
    private static final StoredResponse STORED = stored(200, headers(
            "Date", date(0), "Cache-Control", "max-age=60, must-revalidate", "ETag", "\"v1\"",
            "Last-Modified", date(-3600), "Content-Length", "5", "Content-Type", "text/plain", "X-Origin", "a"), at(0), at(0));

    @ParameterizedTest(name = "4.3.1: validators {0} / {1} give ''{2}''")
    @CsvSource(delimiter = '|', value = {
        "\"v1\"    | ''                            | If-None-Match: \"v1\"",
        "W/\"v1\"  | ''                            | If-None-Match: W/\"v1\"",
        "''        | Sun, 01 Jun 2025 00:00:00 GMT | If-Modified-Since: Sun, 01 Jun 2025 00:00:00 GMT",
        "\"v1\"    | Sun, 01 Jun 2025 00:00:00 GMT | If-None-Match: \"v1\"\\nIf-Modified-Since: Sun, 01 Jun 2025 00:00:00 GMT",
        "''        | ''                            | ''",
    })
    void conditionalHeaders(String etag, String lastModified, String expected) {
        Headers.Builder b = Headers.EMPTY.newBuilder().add("Cache-Control", "max-age=0");
        if (!etag.isEmpty()) {
            b.add("ETag", etag);
        }
        if (!lastModified.isEmpty()) {
            b.add("Last-Modified", lastModified);
        }
        Headers conditional = Revalidation.conditionalHeaders(stored(b.build()));
        assertThat(conditional.toString().strip()).isEqualTo(expected.replace("\\n", "\n"));
    }

    @Test
    void freshen_updatesHeadersFromThe304() {
        StoredResponse updated = freshen(headers("Date", date(120), "Cache-Control", "max-age=300", "ETag", "\"v1\"",
                "Expires", date(400), "X-Origin", "b")).orElseThrow();

        assertThat(updated.headers().values("Cache-Control")).containsExactly("max-age=300");
        assertThat(updated.headers().get("Date")).isEqualTo(date(120));
        assertThat(updated.headers().get("Expires")).isEqualTo(date(400));
        assertThat(updated.headers().values("X-Origin")).containsExactly("b");
        assertThat(updated.headers().get("Content-Type")).isEqualTo("text/plain");
        assertThat(updated.directives().has(Directive.MUST_REVALIDATE)).isFalse();
    }

    @Test
    void freshen_keepsContentLengthAndBodyOfTheStoredResponse() {
        StoredResponse updated = freshen(headers("Date", date(120), "Content-Length", "0", "ETag", "\"v1\"")).orElseThrow();

        assertThat(updated.headers().values("Content-Length")).containsExactly("5");
        assertThat(updated.body()).isSameAs(STORED.body());
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.secondaryKey()).isEqualTo(STORED.secondaryKey());
    }

    @Test
    void freshen_doesNotStoreHopByHopFieldsOfThe304() {
        StoredResponse updated = freshen(headers("Date", date(120), "Connection", "keep-alive", "Keep-Alive", "timeout=5",
                "Transfer-Encoding", "chunked")).orElseThrow();
        assertThat(updated.headers().contains("Connection")).isFalse();
        assertThat(updated.headers().contains("Keep-Alive")).isFalse();
        assertThat(updated.headers().contains("Transfer-Encoding")).isFalse();
    }

    @Test
    void freshen_recomputesLifetimeAndAgeFromThe304() {
        StoredResponse updated = freshen(headers("Date", date(120), "Cache-Control", "max-age=300")).orElseThrow();

        assertThat(updated.requestTimeMillis()).isEqualTo(at(119));
        assertThat(updated.responseTimeMillis()).isEqualTo(at(120));
        assertThat(updated.freshnessLifetimeMillis()).isEqualTo(300_000);
        assertThat(updated.correctedInitialAgeMillis()).isEqualTo(1_000); // the response delay
        assertThat(updated.isFresh(at(120 + 298))).isTrue();
        assertThat(updated.isFresh(at(120 + 299))).isFalse();
    }

    @Test
    void freshen_withNewExpires_lifetimeIsExpiresMinusTheNewDate() {
        StoredResponse stored = stored(200, headers("Date", date(0), "Expires", date(60), "ETag", "\"v1\""), at(0), at(0));
        StoredResponse updated = Revalidation.freshen(stored, headers("Date", date(120), "Expires", date(720)),
                at(120), at(120), RULES).orElseThrow();
        assertThat(updated.freshnessLifetimeMillis()).isEqualTo(600_000);
        assertThat(updated.isFresh(at(719))).isTrue();
    }

    @Test
    void freshen_304WithoutDate_isDatedByItsReceipt_rfc9110_6_6_1() {
        StoredResponse updated = freshen(headers("Cache-Control", "max-age=300")).orElseThrow();

        assertThat(updated.correctedInitialAgeMillis()).isEqualTo(1_000);
        assertThat(updated.isFresh(at(121))).isTrue();
        assertThat(updated.headers().get("Date")).isEqualTo(date(120));
    }

    @Test
    void freshen_ageOfTheOldResponseIsNotCarriedOver_rfc9111_5_1() {
        StoredResponse stored = stored(200, headers("Date", date(0), "Age", "50", "Cache-Control", "max-age=60", "ETag", "\"v1\""), at(0), at(0));
        StoredResponse updated = Revalidation.freshen(stored, headers("Date", date(120)), at(120), at(120), RULES).orElseThrow();

        assertThat(updated.correctedInitialAgeMillis()).isZero();
        assertThat(updated.headers().contains("Age")).isFalse();
        assertThat(updated.isFresh(at(179))).isTrue();
    }

    @Test
    void freshen_ageOfThe304Counts() {
        StoredResponse updated = freshen(headers("Date", date(120), "Age", "20", "Cache-Control", "max-age=300")).orElseThrow();
        assertThat(updated.correctedInitialAgeMillis()).isEqualTo(21_000); // Age + response delay
    }

    @Test
    void freshen_targetedFieldInThe304IsObeyed() {
        StoredResponse updated = freshen(headers("Date", date(120), "CDN-Cache-Control", "max-age=900")).orElseThrow();
        assertThat(updated.freshnessLifetimeMillis()).isEqualTo(900_000);
    }

    /** stored ETag, 304 ETag ("-" for none), whether the stored response is freshened. */
    static Stream<Arguments> validatorMatches() {
        return Stream.of(
                Arguments.of("4.3.4: same strong ETag", "\"a\"", "\"a\"", true),
                Arguments.of("4.3.4: different strong ETag selects another representation", "\"a\"", "\"b\"", false),
                Arguments.of("4.3.4: same weak ETag", "W/\"a\"", "W/\"a\"", true),
                Arguments.of("4.3.4: weak 304 tag matches a strong stored tag", "\"a\"", "W/\"a\"", true),
                Arguments.of("4.3.4: strong 304 tag needs a strong stored tag", "W/\"a\"", "\"a\"", false),
                Arguments.of("4.3.4: different weak ETag", "W/\"a\"", "W/\"b\"", false),
                Arguments.of("4.3.4: 304 ETag but nothing stored to match", "-", "\"a\"", false),
                Arguments.of("4.3.4: no validators in the 304 updates", "\"a\"", "-", true),
                Arguments.of("4.3.4: no validators anywhere updates", "-", "-", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validatorMatches")
    void etagSelectsTheStoredResponse(String description, String storedTag, String newTag, boolean freshened) {
        Headers.Builder s = Headers.EMPTY.newBuilder().add("Date", date(0)).add("Cache-Control", "max-age=60");
        if (!storedTag.equals("-")) {
            s.add("ETag", storedTag);
        }
        Headers.Builder n = Headers.EMPTY.newBuilder().add("Date", date(120));
        if (!newTag.equals("-")) {
            n.add("ETag", newTag);
        }
        Optional<StoredResponse> updated = Revalidation.freshen(stored(200, s.build(), at(0), at(0)), n.build(), at(120), at(120), RULES);
        assertThat(updated.isPresent()).isEqualTo(freshened);
    }

    @ParameterizedTest(name = "4.3.4: stored Last-Modified {0}, 304 Last-Modified {1}: freshened {2}")
    @CsvSource({
        "-3600, -3600, true",
        "-3600, -60,   false",
        "-3600, ,      true",
    })
    void lastModifiedSelectsTheStoredResponseWithoutETags(long stored, Long received, boolean freshened) {
        StoredResponse old = stored(200, headers("Date", date(0), "Last-Modified", date(stored)), at(0), at(0));
        Headers notModified = received == null ? headers("Date", date(120))
                : headers("Date", date(120), "Last-Modified", date(received));
        assertThat(Revalidation.freshen(old, notModified, at(120), at(120), RULES).isPresent()).isEqualTo(freshened);
    }

    private static Optional<StoredResponse> freshen(Headers notModified) {
        return Revalidation.freshen(STORED, notModified, at(119), at(120), RULES);
    }
}
