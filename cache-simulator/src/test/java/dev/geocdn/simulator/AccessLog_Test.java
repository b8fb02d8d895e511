package dev.geocdn.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("AccessLog: the node's ACCESS lines as a trace, and their conversion to a trace file")
class AccessLog_Test {

    @TempDir
    Path dir;

    static final String LOG = """
            2026-11-25T10:00:00.000Z INFO  Started NodeApplication in 1.2 seconds
            ACCESS 1764064800000 GET 200 miss 1024 https://example.com/a.js
            ACCESS 1764064800001 GET 200 hit 1024 https://example.com/a.js
            ACCESS 1764064800002 HEAD 200 hit 2048 https://example.com/b.png
            ACCESS 1764064800003 GET 206 hit 100 https://example.com/big.mp4
            ACCESS 1764064800004 GET 304 revalidated 0 https://example.com/a.js
            ACCESS 1764064800005 POST 200 pass 17 https://example.com/api
            ACCESS 1764064800006 GET 404 miss 9 https://example.com/nope
            ACCESS 1764064800007 GET 502 error 0 https://example.com/x
            WARN something else happened; ACCESS 1764064800008 GET 200 hit 1 https://example.com/not-a-request
            ACCESSORY 1764064800009 GET 200 hit 1 https://example.com/not-a-request
            ACCESS\t1764064800010\tGET\t200\tstale\t4096\thttps://example.com/c.css
            ACCESS 1764064800011 GET 200 collapsed 1024 https://example.com/with space?q=1
            """;

    private Path log() throws IOException {
        return Files.writeString(dir.resolve("node.log"), LOG);
    }

    @Test
    void onlyGetAndHeadWith200_becomeRequests_otherLinesAreSkipped() throws IOException {
        List<Request> requests;
        try (var stream = new AccessLog(log()).requests()) {
            requests = stream.toList();
        }
        assertThat(requests).containsExactly(
                new Request(1764064800000L, Keys.id("https://example.com/a.js"), 1024),
                new Request(1764064800001L, Keys.id("https://example.com/a.js"), 1024),
                new Request(1764064800002L, Keys.id("https://example.com/b.png"), 2048),
                new Request(1764064800010L, Keys.id("https://example.com/c.css"), 4096),
                new Request(1764064800011L, Keys.id("https://example.com/with%20space?q=1"), 1024));
    }

    @Test
    void entries_carryEveryField() throws IOException {
        List<AccessLog.Entry> entries;
        try (var stream = new AccessLog(log()).entries()) {
            entries = stream.toList();
        }
        assertThat(entries).hasSize(10);
        assertThat(entries.get(3)).isEqualTo(
                new AccessLog.Entry(1764064800003L, "GET", 206, "hit", 100, "https://example.com/big.mp4"));
        assertThat(entries).filteredOn(AccessLog.Entry::replayable).hasSize(5);
    }

    @Test
    void convert_writesATraceFileThatReadsBackAsTheSameRequests() throws IOException {
        Path out = dir.resolve("trace.txt.gz");
        AccessLog.Conversion c = AccessLog.convert(log(), out);
        assertThat(c.lines()).isEqualTo(13);
        assertThat(c.accessLines()).isEqualTo(10);
        assertThat(c.otherLines()).isEqualTo(3); // the INFO, WARN and ACCESSORY lines
        assertThat(c.requests()).isEqualTo(5);
        assertThat(c.leftOut()).isEqualTo(5); // 206, 304, POST, 404, 502
        List<Request> fromTrace;
        List<Request> direct;
        try (var a = new TraceFile(out).requests(); var b = new AccessLog(log()).requests()) {
            fromTrace = a.toList();
            direct = b.toList();
        }
        assertThat(fromTrace).isEqualTo(direct).hasSize(5);
    }

    @ParameterizedTest(name = "''{0}'': {1}")
    @CsvSource(delimiter = '|', value = {
            "ACCESS                                              | found 1 fields",
            "ACCESS 1764064800000 GET 200 hit 1024               | found 6 fields",
            "ACCESS yesterday GET 200 hit 1024 /a                | epochMillis must be a non-negative integer",
            "ACCESS 1764064800000 GET OK hit 1024 /a             | status must be an HTTP status code",
            "ACCESS 1764064800000 GET 999 hit 1024 /a            | status must be an HTTP status code",
            "ACCESS 1764064800000 GET 200 HIT 1024 /a            | result must be one of hit|stale|revalidated",
            "ACCESS 1764064800000 GET 200 hit -1 /a              | bytes must be a non-negative integer",
            "ACCESS 1764064800000 GET 200 hit 1kb /a             | bytes must be a non-negative integer"})
    void malformedAccessLine_isReportedWithItsNumber(String line, String problem) throws IOException {
        Path file = Files.writeString(dir.resolve("bad.log"), "some other line\n" + LOG.lines().toList().get(1)
                + "\n" + line + "\n");
        assertThatThrownBy(() -> {
            try (var s = new AccessLog(file).requests()) {
                s.toList();
            }
        }).isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith(file + ":3: ")
                .hasMessageContaining(problem);
    }
}
