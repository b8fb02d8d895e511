package dev.geocdn.origin;

import static dev.geocdn.origin.TestHttp.header;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ConditionalRequestsTest {

    private static final String LAST_MODIFIED = "Sun, 06 Nov 1994 08:49:37 GMT";
    private static final String LM_PARAM = "lm=Sun,%2006%20Nov%201994%2008:49:37%20GMT";

    @RegisterExtension
    static final RunningOrigin running = new RunningOrigin();

    @BeforeEach
    void reset() {
        running.origin().resetCounters();
    }

    @Test
    void ifNoneMatch_withMatchingEtag_answers304() {
        HttpResponse<byte[]> response = running.http().get("/objects/c.bin?etag=v1&cc=max-age%3D60&vary=Accept&expires=0&" + LM_PARAM,
                "If-None-Match", "\"v1\"");

        assertThat(response.statusCode()).isEqualTo(304);
        assertThat(response.body()).isEmpty();
        assertThat(header(response, "etag")).isEqualTo("\"v1\"");
        assertThat(header(response, "cache-control")).isEqualTo("max-age=60");
        assertThat(header(response, "vary")).isEqualTo("Accept");
        assertThat(header(response, "expires")).isEqualTo("0");
        assertThat(header(response, "last-modified")).isEqualTo(LAST_MODIFIED);
        assertThat(header(response, "date")).isNotBlank();
    }

    @Test
    void ifNoneMatch_onTheWire_304HasNoBodyNoContentLengthAndNoContentHeaders() {
        String raw = TestHttp.raw(running.origin().port(), "GET", "/objects/c.bin?etag=v1&sk=key&header=X-A:1", "If-None-Match: \"v1\"");

        assertThat(raw).startsWith("HTTP/1.1 304 ").endsWith("\r\n\r\n");
        assertThat(raw).doesNotContainIgnoringCase("content-length").doesNotContainIgnoringCase("transfer-encoding")
                .doesNotContainIgnoringCase("content-type").doesNotContainIgnoringCase("surrogate-key")
                .doesNotContainIgnoringCase("x-a:");
    }

    @Test
    void ifNoneMatch_usesWeakComparison() {
        assertThat(running.http().get("/objects/c.bin?etag=W/v1", "If-None-Match", "\"v1\"").statusCode()).isEqualTo(304);
        assertThat(running.http().get("/objects/c.bin?etag=v1", "If-None-Match", "W/\"v1\"").statusCode()).isEqualTo(304);
    }

    @Test
    void ifNoneMatch_withAListContainingTheEtag_answers304() {
        assertThat(running.http().get("/objects/c.bin?etag=v2", "If-None-Match", "\"v0\", \"v1,x\", \"v2\"").statusCode()).isEqualTo(304);
    }

    @Test
    void ifNoneMatch_star_matchesAnyEtag() {
        assertThat(running.http().get("/objects/c.bin?etag=anything", "If-None-Match", "*").statusCode()).isEqualTo(304);
    }

    @Test
    void ifNoneMatch_withOtherEtag_answers200WithTheBody() {
        HttpResponse<byte[]> response = running.http().get("/objects/c.bin?size=10&etag=v2", "If-None-Match", "\"v1\"");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).hasSize(10);
    }

    @Test
    void ifNoneMatch_withoutEtagOnTheResponse_answers200() {
        assertThat(running.http().get("/objects/c.bin", "If-None-Match", "*").statusCode()).isEqualTo(200);
    }

    @Test
    void ifNoneMatch_takesPrecedenceOverIfModifiedSince() {
        HttpResponse<byte[]> response = running.http().get("/objects/c.bin?etag=v2&" + LM_PARAM,
                "If-None-Match", "\"v1\"", "If-Modified-Since", HttpDates.format(Instant.now()));

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void ifModifiedSince_notOlderThanLastModified_answers304() {
        assertThat(running.http().get("/objects/c.bin?" + LM_PARAM, "If-Modified-Since", LAST_MODIFIED).statusCode()).isEqualTo(304);
        assertThat(running.http().get("/objects/c.bin?lm=60", "If-Modified-Since", HttpDates.format(Instant.now())).statusCode())
                .isEqualTo(304);
    }

    @Test
    void ifModifiedSince_olderThanLastModified_answers200() {
        HttpResponse<byte[]> response = running.http().get("/objects/c.bin?lm=60",
                "If-Modified-Since", HttpDates.format(Instant.now().minusSeconds(3600)));

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void ifModifiedSince_withoutLastModified_answers200() {
        assertThat(running.http().get("/objects/c.bin", "If-Modified-Since", LAST_MODIFIED).statusCode()).isEqualTo(200);
    }

    @Test
    void conditionals_areIgnoredWhenTheStatusIsNotSuccess() {
        assertThat(running.http().get("/objects/c.bin?etag=v1&status=500", "If-None-Match", "\"v1\"").statusCode()).isEqualTo(500);
    }

    @Test
    void head_withMatchingEtag_answers304Too() {
        assertThat(running.http().head("/objects/c.bin?etag=v1", "If-None-Match", "\"v1\"").statusCode()).isEqualTo(304);
    }

    @Test
    void conditionalRequestCount_countsRequestsCarryingValidators_whateverTheOutcome() {
        running.http().get("/objects/c.bin?etag=v1", "If-None-Match", "\"v1\"");
        running.http().get("/objects/c.bin?etag=v1", "If-None-Match", "\"other\"");
        running.http().get("/objects/c.bin", "If-Modified-Since", LAST_MODIFIED);
        running.http().get("/objects/c.bin");

        assertThat(running.origin().conditionalRequestCount()).isEqualTo(3);
        assertThat(running.origin().requestCount()).isEqualTo(4);
    }
}
