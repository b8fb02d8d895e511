package dev.geocdn.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node whose off-heap cache cannot fit in the JVM's direct memory limit refuses to start with
 * Spring Boot's short failure report naming the flag to set, instead of failing later with
 * {@code OutOfMemoryError: Cannot reserve direct buffer memory} under load.
 */
class DirectMemoryStartupTest {

    @Test
    void maxBytesAboveTheDirectMemoryLimit_stopsStartUpWithTheFlagToSet() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-XX:MaxDirectMemorySize=64m", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), NodeApplication.class.getName(),
                "--server.port=0", "--management.server.port=0", "--server.address=127.0.0.1",
                "--spring.main.banner-mode=off", "--cdn.origin.url=http://127.0.0.1:9",
                "--cdn.cache.max-bytes=1GB")
                .redirectErrorStream(true).start();
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }
        String output = read(process);

        assertThat(exited).as("the node exits instead of serving").isTrue();
        assertThat(process.exitValue()).isNotZero();
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("cdn.cache.max-bytes=1024MB")
                .contains("-XX:MaxDirectMemorySize=")
                .contains("cdn.cache.off-heap=false");
    }

    private static String read(Process process) throws IOException {
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
