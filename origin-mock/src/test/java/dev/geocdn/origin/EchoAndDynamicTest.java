package dev.geocdn.origin;

import static dev.geocdn.origin.TestHttp.header;
import static dev.geocdn.origin.TestHttp.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EchoAndDynamicTest {

    @RegisterExtension
    static final RunningOrigin running = new RunningOrigin();

    @Test
    void dynamic_changesOnEveryRequest_andIsNoStore() {
        HttpResponse<byte[]> first = running.http().get("/dynamic");
        HttpResponse<byte[]> second = running.http().get("/dynamic");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(text(second)).isNotEqualTo(text(first));
        assertThat(header(first, "cache-control")).isEqualTo("no-store");
        assertThat(header(first, "content-type")).startsWith("text/plain");
    }

    @Test
    void echo_returnsMethodUriAndHeadersAsJson() {
        HttpResponse<byte[]> response = running.http().get("/echo?a=1", "X-Test", "quote\"d");

        assertThat(header(response, "content-type")).isEqualTo("application/json");
        assertThat(text(response))
                .startsWith("{\"method\":\"GET\",\"uri\":\"/echo?a=1\",\"headers\":{")
                .contains("\"x-test\":[\"quote\\\"d\"]")
                .contains("\"host\":[\"127.0.0.1:" + running.origin().port() + "\"]")
                .endsWith(",\"bodyLength\":0}");
    }

    @Test
    void echo_post_reportsTheBodyLength() {
        HttpResponse<byte[]> response = running.http().send("POST", "/echo/sub", "hello world".getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(text(response)).startsWith("{\"method\":\"POST\",\"uri\":\"/echo/sub\"").endsWith("\"bodyLength\":11}");
    }

    @Test
    void otherMethods_onObjects_echoMethodUriAndBodyLength_andAreCounted() {
        running.origin().resetCounters();
        byte[] body = new byte[100_000];

        HttpResponse<byte[]> put = running.http().send("PUT", "/objects/up.bin?x=1", body);
        HttpResponse<byte[]> delete = running.http().send("DELETE", "/objects/up.bin", new byte[0], "X-A", "1");
        HttpResponse<byte[]> patch = running.http().send("PATCH", "/objects/up.bin?status=202", new byte[3]);

        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(text(put)).isEqualTo("{\"method\":\"PUT\",\"uri\":\"/objects/up.bin?x=1\",\"bodyLength\":100000}");
        assertThat(text(delete)).isEqualTo("{\"method\":\"DELETE\",\"uri\":\"/objects/up.bin\",\"bodyLength\":0}");
        assertThat(patch.statusCode()).isEqualTo(202);
        assertThat(running.origin().requestCount("/objects/up.bin")).isEqualTo(3);
    }

    @Test
    void unknownPath_answers404WithAShortText() {
        HttpResponse<byte[]> response = running.http().get("/no/such/thing");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(text(response)).contains("404").contains("/no/such/thing");
    }

    @Test
    void unknownControlPath_answers404() {
        assertThat(running.http().get("/__origin/nope").statusCode()).isEqualTo(404);
    }

    @Test
    void absoluteFormRequestTarget_isRoutedByItsPath() {
        String raw = TestHttp.raw(running.origin().port(), "GET", "http://127.0.0.1:" + running.origin().port() + "/objects/abs?size=5");

        assertThat(raw).startsWith("HTTP/1.1 200 ").containsIgnoringCase("content-length: 5\r\n");
    }

    @Test
    void malformedPercentEncoding_answers400() {
        String raw = TestHttp.raw(running.origin().port(), "GET", "/objects/x?cc=%zz");

        assertThat(raw).startsWith("HTTP/1.1 400 ");
    }
}
