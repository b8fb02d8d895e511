package dev.geocdn.origin;

import static dev.geocdn.origin.TestHttp.header;
import static dev.geocdn.origin.TestHttp.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ObjectsTest {

    @RegisterExtension
    static final RunningOrigin running = new RunningOrigin();

    @Test
    void object_withoutSize_is1024BytesOfOctetStream() {
        HttpResponse<byte[]> response = running.http().get("/objects/default.bin");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).hasSize(1024);
        assertThat(header(response, "content-length")).isEqualTo("1024");
        assertThat(header(response, "content-type")).isEqualTo("application/octet-stream");
        assertThat(header(response, "accept-ranges")).isEqualTo("bytes");
        assertThat(header(response, "date")).isNotBlank();
    }

    @Test
    void object_sizeWithSuffix_isCountedInBinaryUnits() {
        assertThat(running.http().get("/objects/k.bin?size=64k").body()).hasSize(64 * 1024);
        assertThat(running.http().get("/objects/m.bin?size=1m").body()).hasSize(1024 * 1024);
        assertThat(running.http().get("/objects/zero.bin?size=0").body()).isEmpty();
        assertThat(running.http().get("/objects/seven.bin?size=7").body()).hasSize(7);
    }

    @Test
    void object_startsWithAReadableDescriptionOfItself() {
        String body = text(running.http().get("/objects/dir/readable.txt?size=200&version=v7"));

        assertThat(body).startsWith("path=/objects/dir/readable.txt;size=200;version=v7;\n");
    }

    @Test
    void object_isDeterministicAcrossRequests() {
        byte[] first = running.http().get("/objects/same.bin?size=10000").body();
        byte[] second = running.http().get("/objects/same.bin?size=10000").body();

        assertThat(second).isEqualTo(first);
        assertThat(first).isEqualTo(ObjectGenerator.bytes("/objects/same.bin", 10000, ""));
    }

    @Test
    void object_withAnotherVersion_hasOtherBytes() {
        byte[] v1 = running.http().get("/objects/versioned.bin?size=4096&version=1").body();
        byte[] v2 = running.http().get("/objects/versioned.bin?size=4096&version=2").body();

        assertThat(v2).hasSameSizeAs(v1).isNotEqualTo(v1);
        byte[] v1Tail = Arrays.copyOfRange(v1, 100, v1.length);
        byte[] v2Tail = Arrays.copyOfRange(v2, 100, v2.length);
        assertThat(v2Tail).isNotEqualTo(v1Tail);
    }

    @Test
    void object_largerThanTheMaterializeLimit_streamsTheSameFunctionOfItsIndex() {
        long size = 3L * 1024 * 1024 + 17;
        byte[] body = running.http().get("/objects/large.bin?size=" + size + "&version=x").body();

        assertThat(body).hasSize((int) size);
        assertThat(body).isEqualTo(ObjectGenerator.bytes("/objects/large.bin", size, "x"));
    }

    @Test
    void object_withContentTypeParameter_usesIt() {
        HttpResponse<byte[]> response = running.http().get("/objects/page?ct=text/html%3B%20charset%3Dutf-8");

        assertThat(header(response, "content-type")).isEqualTo("text/html; charset=utf-8");
    }

    @Test
    void object_withNonNumericSize_answers400WithAMessage() {
        HttpResponse<byte[]> response = running.http().get("/objects/bad.bin?size=lots");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(text(response)).contains("size");
    }

    @Test
    void object_largerThan2g_answers400() {
        assertThat(running.http().get("/objects/huge.bin?size=3g").statusCode()).isEqualTo(400);
        assertThat(running.http().get("/objects/huge.bin?size=2049m").statusCode()).isEqualTo(400);
        assertThat(running.http().head("/objects/max.bin?size=2g").statusCode()).isEqualTo(200);
    }

    @Test
    void head_returnsTheHeadersOfGetWithoutABody() {
        HttpResponse<byte[]> get = running.http().get("/objects/head.bin?size=5000&etag=h1&cc=max-age%3D60");
        HttpResponse<byte[]> head = running.http().head("/objects/head.bin?size=5000&etag=h1&cc=max-age%3D60");

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        for (String name : new String[] {"content-length", "content-type", "etag", "cache-control", "accept-ranges"}) {
            assertThat(header(head, name)).as(name).isEqualTo(header(get, name));
        }
    }

    @Test
    void head_onTheWire_hasContentLengthAndNoBody() {
        String raw = TestHttp.raw(running.origin().port(), "HEAD", "/objects/wire.bin?size=777");

        assertThat(raw).startsWith("HTTP/1.1 200 ").containsIgnoringCase("content-length: 777\r\n");
        assertThat(raw).doesNotContainIgnoringCase("transfer-encoding");
        assertThat(raw).endsWith("\r\n\r\n");
    }

    @Test
    void get_onTheWire_hasContentLengthAndNoChunking() {
        String raw = TestHttp.raw(running.origin().port(), "GET", "/objects/wire.bin?size=2m");

        assertThat(raw).containsIgnoringCase("content-length: 2097152\r\n").doesNotContainIgnoringCase("transfer-encoding");
        assertThat(raw.length() - raw.indexOf("\r\n\r\n") - 4).isEqualTo(2097152);
    }

    @Test
    void objectPath_withPercentEncoding_isDecodedInTheContent() {
        byte[] body = running.http().get("/objects/with%20space.bin?size=64").body();

        assertThat(new String(body, StandardCharsets.UTF_8)).startsWith("path=/objects/with space.bin;");
    }
}
