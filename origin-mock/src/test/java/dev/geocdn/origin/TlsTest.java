package dev.geocdn.origin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS with a self-signed certificate made by the JDK's keytool. */
class TlsTest {

    @TempDir
    static Path dir;

    static SelfSignedKeystore keystore;

    @BeforeAll
    static void createKeystore() {
        keystore = SelfSignedKeystore.create(dir);
    }

    @Test
    void keystore_holdsASelfSignedEcCertificateFor127001() throws Exception {
        X509Certificate certificate = keystore.certificate();

        assertThat(keystore.path()).isRegularFile();
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=127.0.0.1");
        assertThat(certificate.getIssuerX500Principal()).isEqualTo(certificate.getSubjectX500Principal());
        assertThat(certificate.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(certificate.getSubjectAlternativeNames()).extracting(san -> (Object) san.get(1))
                .containsExactlyInAnyOrder((Object) "127.0.0.1", "localhost");
        certificate.checkValidity();
    }

    @Test
    void tlsOrigin_servesHttps_toAClientTrustingTheCertificate() throws Exception {
        try (OriginMock origin = OriginMock.start(OriginMockConfig.defaults().withTls(keystore.tls()));
             HttpClient client = client(keystore.trustingContext())) {
            assertThat(origin.isTls()).isTrue();
            assertThat(origin.baseUrl()).isEqualTo("https://127.0.0.1:" + origin.port());

            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create(origin.baseUrl() + "/objects/tls?size=32")).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.ISO_8859_1));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.uri().getScheme()).isEqualTo("https");
            assertThat(response.sslSession()).isPresent();
            assertThat(response.sslSession().get().getPeerCertificates()[0]).isEqualTo(keystore.certificate());
            assertThat(response.body()).hasSize(32).startsWith("path=/objects/tls;");
            assertThat(origin.requestCount("/objects/tls")).isEqualTo(1);
        }
    }

    @Test
    void tlsOrigin_isRefusedByAClientWithDefaultTrust() throws Exception {
        try (OriginMock origin = OriginMock.start(OriginMockConfig.defaults().withTls(keystore.tls()));
             HttpClient client = client(SSLContext.getDefault())) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(origin.baseUrl() + "/objects/untrusted")).build();

            assertThatThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.discarding()))
                    .isInstanceOf(SSLHandshakeException.class);
            assertThat(origin.requestCount()).isZero();
        }
    }

    @Test
    void tlsOrigin_doesNotAnswerPlainHttp() {
        try (OriginMock origin = OriginMock.start(OriginMockConfig.defaults().withTls(keystore.tls()))) {
            String answer;
            try {
                answer = TestHttp.raw(origin.port(), "GET", "/objects/plain");
            } catch (UncheckedIOException e) {
                answer = ""; // reset instead of closed: not an HTTP answer either
            }

            assertThat(answer).doesNotStartWith("HTTP/1.1");
            assertThat(origin.requestCount()).isZero();
        }
    }

    @Test
    void tlsOrigin_staysHttpsAfterStopAndRestart() throws Exception {
        try (OriginMock origin = OriginMock.start(OriginMockConfig.defaults().withTls(keystore.tls()));
             HttpClient client = client(keystore.trustingContext())) {
            int port = origin.port();
            origin.stop();
            origin.restart();

            HttpResponse<Void> response = client.send(
                    HttpRequest.newBuilder(URI.create(origin.baseUrl() + "/__origin/health")).build(),
                    HttpResponse.BodyHandlers.discarding());

            assertThat(origin.port()).isEqualTo(port);
            assertThat(response.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void start_withAWrongPasswordOrAMissingKeystore_failsClearly() {
        OriginMockConfig wrongPassword = OriginMockConfig.defaults()
                .withTls(new OriginMockConfig.Tls(keystore.path(), keystore.password() + "x"));
        OriginMockConfig missing = OriginMockConfig.defaults()
                .withTls(new OriginMockConfig.Tls(dir.resolve("none.p12"), "secret"));

        assertThatThrownBy(() -> OriginMock.start(wrongPassword)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot load TLS keystore").hasMessageContaining(keystore.path().toString());
        assertThatThrownBy(() -> OriginMock.start(missing)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("none.p12");
    }

    @Test
    void tlsSetting_comparesByValue_andHidesThePassword() {
        OriginMockConfig.Tls tls = keystore.tls();

        assertThat(tls).isEqualTo(new OriginMockConfig.Tls(keystore.path(), keystore.password()));
        assertThat(OriginMockConfig.defaults().withTls(tls).withPort(0).tls()).isEqualTo(tls);
        assertThat(OriginMockConfig.defaults().withTls(tls).withTls(null)).isEqualTo(OriginMockConfig.defaults());
        assertThat(tls.toString()).doesNotContain(keystore.password());
    }

    @Test
    void create_twiceInOneDirectory_makesTwoKeystores(@TempDir Path other) throws IOException {
        SelfSignedKeystore first = SelfSignedKeystore.create(other);
        SelfSignedKeystore second = SelfSignedKeystore.create(other);

        assertThat(first.path()).isNotEqualTo(second.path());
        assertThat(first.certificate()).isNotEqualTo(second.certificate());
        try (var files = Files.list(other)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("origin.p12", "origin-2.p12");
        }
    }

    private static HttpClient client(SSLContext context) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .sslContext(context)
                .build();
    }
}
