package dev.geocdn.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("TraceFile: the '<timestamp> <key> <size>' text format")
class TraceFile_Test {

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        if (name.endsWith(".gz")) {
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
                out.write(content.getBytes(StandardCharsets.UTF_8));
            }
        } else {
            Files.writeString(file, content);
        }
        return file;
    }

    private static List<Request> read(Path file) {
        try (var requests = new TraceFile(file).requests()) {
            return requests.toList();
        }
    }

    private static final String GOOD = """
            # a comment
            1000 https://example.com/a.js 1024

              # an indented comment
            1001\thttps://example.com/b.png\t2048
            1002   42   512  \r
            1003 https://example.com/a.js 1024
            """;

    @Test
    void readsRequests_skippingCommentsAndBlankLines() throws IOException {
        List<Request> requests = read(write("t.txt", GOOD));
        assertThat(requests).containsExactly(
                new Request(1000, Keys.id("https://example.com/a.js"), 1024),
                new Request(1001, Keys.id("https://example.com/b.png"), 2048),
                new Request(1002, 42, 512),
                new Request(1003, Keys.id("https://example.com/a.js"), 1024));
        assertThat(requests.get(0).id()).isNotEqualTo(requests.get(1).id());
    }

    @Test
    void gzip_whenTheNameEndsInGz() throws IOException {
        assertThat(read(write("t.txt.gz", GOOD))).isEqualTo(read(write("plain.txt", GOOD)));
    }

    @Test
    void gzipName_withoutGzipContent_isAnIoError() throws IOException {
        Path file = write("plain-but-named.gz", "") ;
        Files.writeString(file, GOOD);
        assertThatThrownBy(() -> read(file)).isInstanceOf(java.io.UncheckedIOException.class);
    }

    @ParameterizedTest(name = "line 3 ''{0}'': {1}")
    @CsvSource(delimiter = '|', value = {
            "1002 /c                 | expected 3 fields",
            "1002 /c 10 extra        | expected 3 fields",
            "later /c 10             | timestamp must be a non-negative integer",
            "-5 /c 10                | timestamp must be a non-negative integer",
            "1002 /c ten             | size must be a non-negative integer",
            "1002 /c -10             | size must be a non-negative integer",
            "1002 /c 1.5             | size must be a non-negative integer",
            "1002 /c 99999999999999999999 | size must be a non-negative integer"})
    void badLine_isReportedWithItsNumber(String line, String problem) throws IOException {
        Path file = write("bad.txt", "# header\n1000 /a 1\n" + line + "\n1003 /d 1\n");
        assertThatThrownBy(() -> read(file))
                .isInstanceOfSatisfying(TraceFormatException.class, e -> {
                    assertThat(e.lineNumber()).isEqualTo(3);
                    assertThat(e.source()).isEqualTo(file.toString());
                })
                .hasMessageStartingWith(file + ":3: ")
                .hasMessageContaining(problem);
    }

    @Test
    void badLine_inGzip_isReportedWithItsNumber() throws IOException {
        Path file = write("bad.txt.gz", "1 /a 1\n2 /b 1\n3 /c 1\n4 /d\n");
        assertThatThrownBy(() -> read(file)).isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith(file + ":4: expected 3 fields");
    }

    @Test
    void writer_roundTrips_andRefusesKeysWithBlanks() throws IOException {
        Path file = dir.resolve("out.txt.gz");
        try (TraceFile.Writer w = new TraceFile.Writer(file, "test\nsecond line")) {
            w.write(5, "/x", 10);
            w.write(6, "7", 20);
            assertThatThrownBy(() -> w.write(7, "a b", 1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> w.write(7, "", 1)).isInstanceOf(IllegalArgumentException.class);
            assertThat(w.written()).isEqualTo(2);
        }
        assertThat(read(file)).containsExactly(new Request(5, Keys.id("/x"), 10), new Request(6, 7, 20));
    }

    @Test
    void keys_numbersAreIds_otherTextIsHashed() {
        assertThat(Keys.id("42")).isEqualTo(42);
        assertThat(Keys.id("-7")).isEqualTo(-7);
        assertThat(Keys.id("007")).isNotEqualTo(7);
        assertThat(Keys.id("9223372036854775808")).isNotEqualTo(Long.MIN_VALUE);
        assertThat(Keys.id("/a")).isEqualTo(Keys.id("/a")).isNotEqualTo(Keys.id("/b"));
    }
}
