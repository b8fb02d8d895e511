package dev.geocdn.node;

import dev.geocdn.origin.OriginMock;
import dev.geocdn.origin.OriginMockConfig;
import dev.geocdn.origin.SelfSignedKeystore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The node in front of an HTTPS origin (origin-mock with a self-signed certificate made by
 * keytool): with {@code cdn.origin.insecure-tls=true} it fetches and caches over TLS; with the
 * default trust it refuses the certificate and answers 502, never 500.
 */
class HttpsOriginTest {

    @TempDir
    static Path dir;

    static OriginMock origin;
    static NodeFixture trusting;
    static NodeFixture strict;

    @BeforeAll
    static void start() {
        SelfSignedKeystore keystore = SelfSignedKeystore.create(dir);
        origin = OriginMock.start(OriginMockConfig.defaults().withTls(keystore.tls()));
        // NodeFixture passes cdn.origin.url=origin.baseUrl(), which is https://127.0.0.1:<port> here
        trusting = NodeFixture.start(origin, false, "cdn.origin.insecure-tls=true");
        strict = NodeFixture.start(origin, false);
    }

    @AfterAll
    static void stop() {
        if (trusting != null) {
            trusting.close();
        }
        if (strict != null) {
            strict.close();
        }
        if (origin != null) {
            origin.close();
        }
    }

    @Test
    void nodesPointAtTheHttpsOrigin() {
        String url = "https://127.0.0.1:" + origin.port();

        assertThat(origin.baseUrl()).isEqualTo(url);
        assertThat(trusting.context.getEnvironment().getProperty("cdn.origin.url")).isEqualTo(url);
        assertThat(trusting.context.getEnvironment().getProperty("cdn.origin.insecure-tls")).isEqualTo("true");
        assertThat(strict.context.getEnvironment().getProperty("cdn.origin.url")).isEqualTo(url);
        assertThat(strict.context.getEnvironment().getProperty("cdn.origin.insecure-tls")).isNull();
    }

    @Test
    void insecureTls_fetchesOverTlsOnce_thenServesAHit() {
        String path = "/objects/https-hit?size=4096&cc=max-age%3D60";

        HttpResponse<byte[]> first = trusting.get(path);
        HttpResponse<byte[]> second = trusting.get(path);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(NodeFixture.cacheStatus(first)).contains("fwd=uri-miss").contains("fwd-status=200").contains("stored");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(NodeFixture.cacheStatus(second)).contains("hit");
        assertThat(second.body()).isEqualTo(first.body()).hasSize(4096);
        assertThat(new String(first.body(), StandardCharsets.ISO_8859_1)).startsWith("path=/objects/https-hit;");
        assertThat(origin.requestCount("/objects/https-hit")).isEqualTo(1);
    }

    @Test
    void insecureTls_passesUnsafeMethodsOverTls() {
        HttpResponse<byte[]> response = trusting.send("POST", "/echo/https-post");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(NodeFixture.cacheStatus(response)).contains("fwd=method");
        assertThat(origin.requestCount("/echo/https-post")).isEqualTo(1);
    }

    @Test
    void defaultTrust_refusesTheSelfSignedCertificate_with502() {
        String path = "/objects/https-untrusted?size=64&cc=max-age%3D60";

        HttpResponse<byte[]> response = strict.get(path);

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(NodeFixture.cacheStatus(response)).contains("fwd=uri-miss").contains("detail=origin-tls");
        assertThat(Requests.looksLikeStackTrace(new String(response.body(), StandardCharsets.UTF_8))).isFalse();
        assertThat(origin.requestCount("/objects/https-untrusted")).isZero(); // no HTTP request got through
    }

    @Test
    void defaultTrust_refusesTheSelfSignedCertificate_forPassedMethodsToo() {
        HttpResponse<byte[]> response = strict.send("POST", "/echo/https-untrusted-post");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(NodeFixture.cacheStatus(response)).contains("fwd=method").contains("detail=origin-tls");
        assertThat(Requests.looksLikeStackTrace(new String(response.body(), StandardCharsets.UTF_8))).isFalse();
        assertThat(origin.requestCount("/echo/https-untrusted-post")).isZero();
    }
}
