package dev.geocdn.origin;

import static dev.geocdn.origin.TestHttp.header;
import static dev.geocdn.origin.TestHttp.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaticFilesTest {

    @TempDir
    static Path dir;

    private static OriginMock origin;
    private static TestHttp http;
    private static byte[] image;

    @BeforeAll
    static void start() throws IOException {
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.writeString(root.resolve("index.html"), "<h1>hello</h1>\n");
        Files.createDirectories(root.resolve("css"));
        Files.writeString(root.resolve("css/site.css"), "body{}\n");
        image = new byte[300_000];
        new Random(1).nextBytes(image);
        Files.write(root.resolve("photo.png"), image);
        Files.writeString(dir.resolve("secret.txt"), "top secret\n");
        origin = OriginMock.start(OriginMockConfig.defaults().withStaticRoot(root));
        http = new TestHttp(origin);
    }

    @AfterAll
    static void stop() {
        origin.close();
    }

    @Test
    void file_isServedWithContentTypeByExtension() {
        HttpResponse<byte[]> html = http.get("/files/index.html");
        HttpResponse<byte[]> css = http.get("/files/css/site.css");

        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(text(html)).isEqualTo("<h1>hello</h1>\n");
        assertThat(header(html, "content-type")).isEqualTo("text/html; charset=utf-8");
        assertThat(header(css, "content-type")).isEqualTo("text/css; charset=utf-8");
    }

    @Test
    void file_binary_isServedExactly_withValidators() {
        HttpResponse<byte[]> response = http.get("/files/photo.png");

        assertThat(response.body()).isEqualTo(image);
        assertThat(header(response, "content-type")).isEqualTo("image/png");
        assertThat(header(response, "content-length")).isEqualTo("300000");
        assertThat(header(response, "etag")).startsWith("\"");
        assertThat(HttpDates.parse(header(response, "last-modified"))).isNotNull();
    }

    @Test
    void file_withItsEtag_answers304() {
        String etag = header(http.get("/files/index.html"), "etag");

        assertThat(http.get("/files/index.html", "If-None-Match", etag).statusCode()).isEqualTo(304);
    }

    @Test
    void file_range_answers206() {
        HttpResponse<byte[]> response = http.get("/files/photo.png", "Range", "bytes=100000-100099");

        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(header(response, "content-range")).isEqualTo("bytes 100000-100099/300000");
        assertThat(response.body()).isEqualTo(Arrays.copyOfRange(image, 100000, 100100));
    }

    @Test
    void file_controls_overrideTheDefaults() {
        HttpResponse<byte[]> response = http.get("/files/index.html?cc=max-age%3D30&etag=mine&ct=text/plain");

        assertThat(header(response, "cache-control")).isEqualTo("max-age=30");
        assertThat(header(response, "etag")).isEqualTo("\"mine\"");
        assertThat(header(response, "content-type")).isEqualTo("text/plain");
    }

    @Test
    void file_missing_answers404() {
        assertThat(http.get("/files/nope.txt").statusCode()).isEqualTo(404);
        assertThat(http.get("/files/css").statusCode()).isEqualTo(404);
    }

    @Test
    void file_pathTraversal_isRefused() {
        for (String target : new String[] {"/files/../secret.txt", "/files/css/../../secret.txt", "/files/%2e%2e/secret.txt",
                "/files/..%2fsecret.txt", "/files/%2E%2E%5Csecret.txt"}) {
            String raw = TestHttp.raw(origin.port(), "GET", target);
            assertThat(raw).as(target).matches("(?s)HTTP/1.1 (400|404) .*").doesNotContain("top secret");
        }
    }

    @Test
    void file_withoutAStaticRoot_answers404() {
        try (OriginMock bare = OriginMock.start(OriginMockConfig.defaults())) {
            assertThat(new TestHttp(bare).get("/files/index.html").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void file_post_answers405() {
        HttpResponse<byte[]> response = http.send("POST", "/files/index.html", "x".getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(header(response, "allow")).isEqualTo("GET, HEAD");
    }
}
