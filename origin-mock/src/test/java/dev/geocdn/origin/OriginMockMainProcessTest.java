package dev.geocdn.origin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OriginMockMainProcessTest {

    @Test
    void main_withABadFlag_printsAMessageAndExitsWith2() throws Exception {
        Process process = launch("--nonsense");

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(stderr).contains("unknown option '--nonsense'").contains("usage:");
    }

    @Test
    void main_printsWhereItListens_andServesUntilKilled() throws Exception {
        Process process = launch("--port=0");
        try (BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line = stdout.readLine();

            assertThat(line).matches("origin-mock listening on http://127\\.0\\.0\\.1:\\d+");
            String baseUrl = line.substring("origin-mock listening on ".length());
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(baseUrl + "/objects/main?size=3")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(process.isAlive()).isTrue();
        } finally {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void main_withTlsFlags_servesHttps(@TempDir Path dir) throws Exception {
        SelfSignedKeystore keystore = SelfSignedKeystore.create(dir);
        Process process = launch("--port=0", "--tls-keystore=" + keystore.path(), "--tls-password=" + keystore.password());
        try (BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             HttpClient client = HttpClient.newBuilder().sslContext(keystore.trustingContext()).build()) {
            String line = stdout.readLine();

            assertThat(line).matches("origin-mock listening on https://127\\.0\\.0\\.1:\\d+");
            String baseUrl = line.substring("origin-mock listening on ".length());
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create(baseUrl + "/objects/main?size=3")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
        } finally {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void main_withAWrongKeystorePassword_exitsWith1(@TempDir Path dir) throws Exception {
        SelfSignedKeystore keystore = SelfSignedKeystore.create(dir);
        Process process = launch("--port=0", "--tls-keystore=" + keystore.path(), "--tls-password=wrong");

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).isEqualTo(1);
        assertThat(stderr).contains("cannot load TLS keystore");
    }

    private static Process launch(String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                OriginMockMain.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).start();
    }
}
