package dev.geocdn.origin;

import static dev.geocdn.origin.TestHttp.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PacingTest {

    @RegisterExtension
    static final RunningOrigin running = new RunningOrigin();

    @Test
    void delay_holdsTheResponseBackForThatLong() {
        long start = System.nanoTime();
        HttpResponse<byte[]> response = running.http().get("/objects/slow?size=10&delay=400");
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).hasSize(10);
        assertThat(elapsedMillis).isGreaterThanOrEqualTo(390);
    }

    @Test
    void delay_doesNotBlockOtherRequests() throws Exception {
        List<CompletableFuture<HttpResponse<byte[]>>> slow = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            slow.add(running.http().client().sendAsync(running.http().request("/objects/slow" + i + "?delay=3000").build(),
                    HttpResponse.BodyHandlers.ofByteArray()));
        }
        await().atMost(Duration.ofSeconds(5)).alias("the eight slow requests reached the origin")
                .until(() -> IntStream.range(0, 8).allMatch(i -> running.origin().requestCount("/objects/slow" + i) == 1));

        long start = System.nanoTime();
        HttpResponse<byte[]> fast = running.http().get("/objects/fast?size=10");
        long fastMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(fast.statusCode()).isEqualTo(200);
        assertThat(fastMillis).isLessThan(2000);
        assertThat(slow).noneMatch(CompletableFuture::isDone);
        for (CompletableFuture<HttpResponse<byte[]>> future : slow) {
            assertThat(future.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void trickle_sendsTheHeadersAndFirstChunkAtOnce_andTheRestOverTime() throws Exception {
        long start = System.nanoTime();
        HttpResponse<InputStream> response = running.http().client().send(
                running.http().request("/objects/trickle.bin?size=4000&trickle=150&chunks=5").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        long headersMillis = elapsedMillis(start);

        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try (InputStream in = response.body()) {
            int n = in.read(buffer);
            long firstChunkMillis = elapsedMillis(start);
            body.write(buffer, 0, n);
            while ((n = in.read(buffer)) >= 0) {
                body.write(buffer, 0, n);
            }
            long totalMillis = elapsedMillis(start);

            assertThat(header(response, "content-length")).isEqualTo("4000");
            assertThat(headersMillis).isLessThan(400);
            assertThat(firstChunkMillis).isLessThan(400);
            assertThat(totalMillis).isGreaterThanOrEqualTo(4 * 150 - 10);
            assertThat(totalMillis - firstChunkMillis).isGreaterThanOrEqualTo(3 * 150);
        }
        assertThat(body.toByteArray()).isEqualTo(ObjectGenerator.bytes("/objects/trickle.bin", 4000, ""));
    }

    @Test
    void trickle_withMoreChunksThanBytes_stillSendsEveryByte() {
        HttpResponse<byte[]> response = running.http().get("/objects/tiny?size=3&trickle=5&chunks=50");

        assertThat(response.body()).isEqualTo(ObjectGenerator.bytes("/objects/tiny", 3, ""));
    }

    @Test
    void chunked_omitsContentLength_andUsesChunkedTransferEncoding() {
        String raw = TestHttp.raw(running.origin().port(), "GET", "/objects/chunked.bin?size=100&chunked=true");

        assertThat(raw).startsWith("HTTP/1.1 200 ").containsIgnoringCase("transfer-encoding: chunked")
                .doesNotContainIgnoringCase("content-length");
    }

    @Test
    void chunked_bodyIsStillComplete() {
        HttpResponse<byte[]> response = running.http().get("/objects/chunked.bin?size=200000&chunked=true&trickle=1&chunks=3");

        assertThat(response.headers().firstValue("content-length")).isEmpty();
        assertThat(response.body()).isEqualTo(ObjectGenerator.bytes("/objects/chunked.bin", 200000, ""));
    }

    private static long elapsedMillis(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
