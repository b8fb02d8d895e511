package dev.geocdn.origin;

import static dev.geocdn.origin.TestHttp.header;
import static dev.geocdn.origin.TestHttp.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ResponseControlsTest {

    @RegisterExtension
    static final RunningOrigin running = new RunningOrigin();

    @Test
    void cc_setsCacheControl_urlDecoded() {
        HttpResponse<byte[]> response = running.http().get("/objects/cc?cc=public%2C%20max-age%3D60");

        assertThat(header(response, "cache-control")).isEqualTo("public, max-age=60");
    }

    @Test
    void cdncc_setsCdnCacheControl() {
        assertThat(header(running.http().get("/objects/cdncc?cdncc=max-age%3D300"), "cdn-cache-control")).isEqualTo("max-age=300");
    }

    @Test
    void expires_isSentLiterally() {
        assertThat(header(running.http().get("/objects/expires?expires=0"), "expires")).isEqualTo("0");
    }

    @Test
    void etag_withoutQuotes_isQuoted() {
        assertThat(header(running.http().get("/objects/etag?etag=abc"), "etag")).isEqualTo("\"abc\"");
    }

    @Test
    void etag_weakOrAlreadyQuoted_isKept() {
        assertThat(header(running.http().get("/objects/etag?etag=W/abc"), "etag")).isEqualTo("W/\"abc\"");
        assertThat(header(running.http().get("/objects/etag?etag=%22q%22"), "etag")).isEqualTo("\"q\"");
        assertThat(header(running.http().get("/objects/etag?etag=W/%22q%22"), "etag")).isEqualTo("W/\"q\"");
    }

    @Test
    void lm_asNumber_isThatManySecondsAgoAsImfFixdate() {
        String lastModified = header(running.http().get("/objects/lm?lm=3600"), "last-modified");

        assertThat(lastModified).matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
        assertThat(HttpDates.parse(lastModified)).isCloseTo(Instant.now().minusSeconds(3600), within(5, ChronoUnit.SECONDS));
    }

    @Test
    void lm_asHttpDate_isSentAsGiven() {
        String date = "Sun, 06 Nov 1994 08:49:37 GMT";

        assertThat(header(running.http().get("/objects/lm?lm=" + date.replace(" ", "%20")), "last-modified")).isEqualTo(date);
    }

    @Test
    void date_isNowByDefault_andOverriddenByTheParameter() {
        Instant now = HttpDates.parse(header(running.http().get("/objects/date"), "date"));
        Instant past = HttpDates.parse(header(running.http().get("/objects/date?date=120"), "date"));

        assertThat(now).isCloseTo(Instant.now(), within(5, ChronoUnit.SECONDS));
        assertThat(past).isCloseTo(Instant.now().minusSeconds(120), within(5, ChronoUnit.SECONDS));
    }

    @Test
    void age_vary_surrogateKey_cacheTag_setTheirHeaders() {
        HttpResponse<byte[]> response = running.http().get("/objects/misc?age=42&vary=Accept-Language&sk=k1%20k2&tag=t1,t2");

        assertThat(header(response, "age")).isEqualTo("42");
        assertThat(header(response, "vary")).isEqualTo("Accept-Language");
        assertThat(header(response, "surrogate-key")).isEqualTo("k1 k2");
        assertThat(header(response, "cache-tag")).isEqualTo("t1,t2");
    }

    @Test
    void setcookie_setsSetCookie_withSemicolonsKept() {
        HttpResponse<byte[]> response = running.http().get("/objects/cookie?setcookie=session%3Dabc;%20Path%3D/&setcookie=b%3D2");

        assertThat(response.headers().allValues("set-cookie")).containsExactly("session=abc; Path=/", "b=2");
    }

    @Test
    void header_addsArbitraryHeaders_repeatably() {
        HttpResponse<byte[]> response = running.http().get("/objects/h?header=X-One:1&header=X-Two:%20two&header=X-One:again");

        assertThat(response.headers().allValues("x-one")).containsExactly("1", "again");
        assertThat(header(response, "x-two")).isEqualTo("two");
    }

    @Test
    void header_withoutColon_answers400() {
        assertThat(running.http().get("/objects/h?header=nocolon").statusCode()).isEqualTo(400);
    }

    @Test
    void header_withAnInvalidName_answers400() {
        assertThat(running.http().get("/objects/h?header=Bad%20Name:1").statusCode()).isEqualTo(400);
    }

    @Test
    void status_setsTheStatus_withAShortTextBodyForErrors() {
        HttpResponse<byte[]> response = running.http().get("/objects/s.bin?size=10000&status=503&cc=no-cache");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(text(response)).isEqualTo("503 Service Unavailable\n");
        assertThat(header(response, "content-type")).startsWith("text/plain");
        assertThat(header(response, "cache-control")).isEqualTo("no-cache");
    }

    @Test
    void status_2xx_keepsTheContent() {
        HttpResponse<byte[]> response = running.http().get("/objects/s.bin?size=100&status=203");

        assertThat(response.statusCode()).isEqualTo(203);
        assertThat(response.body()).hasSize(100);
    }

    @Test
    void status_204_hasNoBodyAndNoContentLength() {
        String raw = TestHttp.raw(running.origin().port(), "GET", "/objects/empty?status=204");

        assertThat(raw).startsWith("HTTP/1.1 204 ").doesNotContainIgnoringCase("content-length").endsWith("\r\n\r\n");
    }

    @Test
    void status_outOfRange_answers400() {
        assertThat(running.http().get("/objects/s?status=99").statusCode()).isEqualTo(400);
        assertThat(running.http().get("/objects/s?status=600").statusCode()).isEqualTo(400);
        assertThat(running.http().get("/objects/s?status=ok").statusCode()).isEqualTo(400);
    }

    @Test
    void location_setsLocation_forRedirects() {
        HttpResponse<byte[]> response = running.http().get("/objects/old?status=301&location=/objects/new");

        assertThat(response.statusCode()).isEqualTo(301);
        assertThat(header(response, "location")).isEqualTo("/objects/new");
    }

    @Test
    void controls_applyToEveryContentPath() {
        assertThat(header(running.http().get("/dynamic?cc=max-age%3D5"), "cache-control")).isEqualTo("max-age=5");
        assertThat(header(running.http().get("/echo?etag=e"), "etag")).isEqualTo("\"e\"");
        assertThat(header(running.http().get("/nothing-here?cc=max-age%3D10"), "cache-control")).isEqualTo("max-age=10");
    }

    @Test
    void nonNumericDelay_answers400() {
        assertThat(running.http().get("/objects/d?delay=soon").statusCode()).isEqualTo(400);
    }
}
