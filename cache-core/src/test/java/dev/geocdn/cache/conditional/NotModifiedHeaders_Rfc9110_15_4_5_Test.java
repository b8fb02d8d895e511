package dev.geocdn.cache.conditional;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geocdn.cache.http.Headers;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("RFC 9110 15.4.5: a 304 carries only the fields that update a stored response")
class NotModifiedHeaders_Rfc9110_15_4_5_Test {

    @ParameterizedTest(name = "RFC 9110 15.4.5: {0} is kept in a 304: {1}")
    @CsvSource({
        "Cache-Control,     true",
        "Content-Location,  true",
        "Date,              true",
        "ETag,              true",
        "Expires,           true",
        "Vary,              true",
        "Last-Modified,     true",
        "etag,              true",
        "CACHE-CONTROL,     true",
        "Content-Type,      false",
        "Content-Length,    false",
        "Content-Encoding,  false",
        "Content-Range,     false",
        "Content-Language,  false",
        "Transfer-Encoding, false",
        "Set-Cookie,        false",
        "Age,               false",
        "Accept-Ranges,     false",
        "X-Custom,          false",
    })
    void onlyValidatorAndCachingFieldsAreKept(String name, boolean kept) {
        assertThat(NotModifiedHeaders.isKept(name)).isEqualTo(kept);
        Headers selected = NotModifiedHeaders.select(Headers.of(name, "x"));
        assertThat(selected.size()).isEqualTo(kept ? 1 : 0);
    }

    @Test
    @DisplayName("RFC 9110 15.4.5: order, repeated lines and the received spelling of names are preserved")
    void selectionPreservesOrderAndRepeats() {
        Headers stored = Headers.of(
                "content-type", "text/html",
                "Date", "Sun, 06 Nov 1994 09:00:00 GMT",
                "Content-Length", "1234",
                "vary", "Accept-Encoding",
                "ETag", "\"v1\"",
                "Vary", "Accept-Language",
                "Cache-Control", "max-age=60",
                "Set-Cookie", "a=b",
                "Last-Modified", "Sun, 06 Nov 1994 08:49:37 GMT",
                "Expires", "Sun, 06 Nov 1994 09:01:00 GMT",
                "Content-Location", "/doc.html");

        assertThat(NotModifiedHeaders.select(stored)).isEqualTo(Headers.of(
                "Date", "Sun, 06 Nov 1994 09:00:00 GMT",
                "vary", "Accept-Encoding",
                "ETag", "\"v1\"",
                "Vary", "Accept-Language",
                "Cache-Control", "max-age=60",
                "Last-Modified", "Sun, 06 Nov 1994 08:49:37 GMT",
                "Expires", "Sun, 06 Nov 1994 09:01:00 GMT",
                "Content-Location", "/doc.html"));
    }

    @Test
    @DisplayName("RFC 9110 15.4.5: a representation with none of those fields gives an empty 304 header list")
    void nothingToKeepGivesNoFields() {
        assertThat(NotModifiedHeaders.select(Headers.of("Content-Type", "text/plain", "Content-Length", "3")))
                .isEqualTo(Headers.EMPTY);
        assertThat(NotModifiedHeaders.select(Headers.EMPTY)).isEqualTo(Headers.EMPTY);
    }
}
