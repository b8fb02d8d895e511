package dev.geocdn.origin;

import static dev.geocdn.origin.TestHttp.header;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RangeRequestsTest {

    private static final byte[] FULL = ObjectGenerator.bytes("/objects/r.bin", 1000, "");

    @RegisterExtension
    static final RunningOrigin running = new RunningOrigin();

    @Test
    void range_firstToLast_answers206WithThoseBytes() {
        HttpResponse<byte[]> response = running.http().get("/objects/r.bin?size=1000", "Range", "bytes=100-199");

        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(header(response, "content-range")).isEqualTo("bytes 100-199/1000");
        assertThat(header(response, "content-length")).isEqualTo("100");
        assertThat(response.body()).isEqualTo(Arrays.copyOfRange(FULL, 100, 200));
    }

    @Test
    void range_openEnded_runsToTheEnd() {
        HttpResponse<byte[]> response = running.http().get("/objects/r.bin?size=1000", "Range", "bytes=990-");

        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(header(response, "content-range")).isEqualTo("bytes 990-999/1000");
        assertThat(response.body()).isEqualTo(Arrays.copyOfRange(FULL, 990, 1000));
    }

    @Test
    void range_suffix_isTheLastBytes() {
        HttpResponse<byte[]> response = running.http().get("/objects/r.bin?size=1000", "Range", "bytes=-10");

        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(header(response, "content-range")).isEqualTo("bytes 990-999/1000");
        assertThat(response.body()).isEqualTo(Arrays.copyOfRange(FULL, 990, 1000));
    }

    @Test
    void range_lastBeyondTheEnd_isClamped() {
        HttpResponse<byte[]> response = running.http().get("/objects/r.bin?size=1000", "Range", "bytes=900-5000");

        assertThat(header(response, "content-range")).isEqualTo("bytes 900-999/1000");
        assertThat(response.body()).hasSize(100);
    }

    @Test
    void range_ofALargeObject_matchesTheGeneratedBytes() {
        long size = 5L * 1024 * 1024;
        long first = 3L * 1024 * 1024 + 12345;
        HttpResponse<byte[]> response = running.http().get("/objects/big.bin?size=5m", "Range", "bytes=" + first + "-" + (first + 99_999));

        assertThat(response.statusCode()).isEqualTo(206);
        byte[] body = response.body();
        assertThat(body).hasSize(100_000);
        for (int i = 0; i < body.length; i += 997) {
            assertThat(body[i]).isEqualTo(ObjectGenerator.byteAt("/objects/big.bin", size, "", first + i));
        }
    }

    @Test
    void range_startingAtOrBeyondTheEnd_answers416WithTheLength() {
        HttpResponse<byte[]> response = running.http().get("/objects/r.bin?size=1000", "Range", "bytes=1000-");

        assertThat(response.statusCode()).isEqualTo(416);
        assertThat(header(response, "content-range")).isEqualTo("bytes */1000");
    }

    @Test
    void range_multiple_isIgnored() {
        HttpResponse<byte[]> response = running.http().get("/objects/r.bin?size=1000", "Range", "bytes=0-1,5-6");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(FULL);
        assertThat(header(response, "accept-ranges")).isEqualTo("bytes");
    }

    @Test
    void range_malformed_isIgnored() {
        for (String range : new String[] {"bytes=abc", "bytes=5-1", "items=0-1", "bytes=", "bytes=--1"}) {
            HttpResponse<byte[]> response = running.http().get("/objects/r.bin?size=1000", "Range", range);
            assertThat(response.statusCode()).as(range).isEqualTo(200);
            assertThat(response.body()).as(range).hasSize(1000);
        }
    }

    @Test
    void range_onAnErrorStatus_isIgnored() {
        assertThat(running.http().get("/objects/r.bin?size=1000&status=500", "Range", "bytes=0-1").statusCode()).isEqualTo(500);
    }

    @Test
    void range_onDynamic_isIgnored() {
        assertThat(running.http().get("/dynamic", "Range", "bytes=0-1").statusCode()).isEqualTo(200);
    }

    @Test
    void range_withMatchingIfRange_answers206_otherwise200() {
        assertThat(running.http().get("/objects/r.bin?size=1000&etag=v1", "Range", "bytes=0-1", "If-Range", "\"v1\"").statusCode())
                .isEqualTo(206);
        assertThat(running.http().get("/objects/r.bin?size=1000&etag=v2", "Range", "bytes=0-1", "If-Range", "\"v1\"").statusCode())
                .isEqualTo(200);
    }

    @Test
    void range_combinedWithTrickle_sendsTheRangeInPieces() {
        HttpResponse<byte[]> response = running.http().get("/objects/r.bin?size=1000&trickle=10&chunks=4", "Range", "bytes=100-199");

        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.body()).isEqualTo(Arrays.copyOfRange(FULL, 100, 200));
    }
}
