package dev.geocdn.node;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The access log records one line per request in the format the policy simulator reads. */
class AccessLogTest {

    @Test
    void eachRequest_isLoggedWithTimeMethodStatusResultBytesAndKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("logs/access.log");
        try (NodeFixture node = NodeFixture.start("cdn.edge.access-log=" + file)) {
            String path = "/objects/logged?size=300&cc=max-age%3D60";
            node.get(path);
            node.get(path);
            node.send("DELETE", "/objects/other");
            node.send("HEAD", path);

            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(lines(file)).as("access log lines").hasSizeGreaterThanOrEqualTo(4));
            List<String> lines = lines(file);
            String key = "http://127.0.0.1:" + node.port() + path;
            assertThat(lines.get(0)).matches("ACCESS \\d{13} GET 200 miss 300 " + java.util.regex.Pattern.quote(key));
            assertThat(lines.get(1)).matches("ACCESS \\d{13} GET 200 hit 300 " + java.util.regex.Pattern.quote(key));
            assertThat(lines.get(2)).matches("ACCESS \\d{13} DELETE 200 pass \\d+ http://127\\.0\\.0\\.1:\\d+/objects/other");
            // a HEAD is logged with the representation's length, so a trace sees the same object size
            assertThat(lines.get(3)).matches("ACCESS \\d{13} HEAD 200 hit 300 " + java.util.regex.Pattern.quote(key));
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
