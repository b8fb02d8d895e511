package dev.geocdn.local;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Prometheus' {@code promtool} (Debian package {@code prometheus}, which {@code .ci/run}
 * installs) as a real process: a test that needs it fails when it is missing rather than skipping.
 */
final class Promtool {

    /** What promtool said, and whether it exited 0. */
    record Result(boolean passed, String output) {
    }

    private Promtool() {
    }

    /** {@code promtool <arguments>} with {@code input} on its standard input. */
    static Result run(String input, String... arguments) {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (OutputStream in = process.getOutputStream()) {
                in.write(input.getBytes(StandardCharsets.UTF_8));
            }
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("promtool " + String.join(" ", arguments) + " did not finish in 60 s");
            }
            return new Result(process.exitValue() == 0, out);
        } catch (IOException e) {
            throw new UncheckedIOException("promtool could not run (Debian package prometheus): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
