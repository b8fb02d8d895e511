package dev.geocdn.simulator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The cache node's access log, read as a trace. This is THE format the node writes, one line per request
 * it answered:
 *
 * <pre>
 * ACCESS &lt;epochMillis&gt; &lt;method&gt; &lt;status&gt; &lt;result&gt; &lt;bytes&gt; &lt;cacheKey&gt;
 * ACCESS 1764028800123 GET 200 hit 48213 https://img.example.com/a.jpg
 * </pre>
 *
 * <ul>
 *   <li>{@code ACCESS} is the first thing on the line; lines that do not start with the word
 *       {@code ACCESS} (the node's other log output) are skipped;</li>
 *   <li>fields are separated by single or multiple spaces or tabs;</li>
 *   <li>{@code epochMillis}: non-negative integer, when the request arrived (ms since 1970, UTC);</li>
 *   <li>{@code method}: the HTTP method as received ({@code GET}, {@code HEAD}, {@code POST}, ...);</li>
 *   <li>{@code status}: the status code sent to the client, 100..599;</li>
 *   <li>{@code result}: how the cache answered, one of {@code hit stale revalidated collapsed miss pass
 *       error};</li>
 *   <li>{@code bytes}: the size of the object in bytes: the body of a GET's 200 response; for HEAD the
 *       body a GET would have had (Content-Length), not the 0 bytes sent, since the simulator treats a
 *       size change as a new version of the object;</li>
 *   <li>{@code cacheKey}: the cache key, the rest of the line (a key with blanks in it is read with each
 *       space or tab percent-encoded, %20 / %09).</li>
 * </ul>
 *
 * Only {@code GET} and {@code HEAD} requests with status {@code 200} become trace requests, of
 * {@code bytes} bytes; everything else the cache could not have served from a full stored copy (206 range
 * answers, 304s, redirects, errors, other methods) is left out. A malformed {@code ACCESS} line stops the
 * run with {@link TraceFormatException} naming the line.
 */
public final class AccessLog implements Trace {

    /** The values of the {@code result} field. */
    public static final Set<String> RESULTS = Set.of("hit", "stale", "revalidated", "collapsed", "miss", "pass", "error");

    /** One parsed {@code ACCESS} line. */
    public record Entry(long timestamp, String method, int status, String result, long bytes, String cacheKey) {

        /** Whether this entry becomes a trace request: GET or HEAD answered with 200. */
        public boolean replayable() {
            return status == 200 && (method.equals("GET") || method.equals("HEAD"));
        }
    }

    /** What {@link #convert} read and wrote. */
    public record Conversion(long lines, long accessLines, long requests) {

        /** Lines that were not {@code ACCESS} lines. */
        public long otherLines() {
            return lines - accessLines;
        }

        /** {@code ACCESS} lines left out (not GET/HEAD with 200). */
        public long leftOut() {
            return accessLines - requests;
        }
    }

    private final Path path;

    public AccessLog(Path path) {
        this.path = path;
    }

    @Override
    public String description() {
        return "access log " + path;
    }

    @Override
    public Stream<Request> requests() {
        return entries(new long[2])
                .filter(Entry::replayable)
                .map(e -> new Request(e.timestamp(), Keys.id(e.cacheKey()), e.bytes()));
    }

    /** All {@code ACCESS} lines, in order, including those that are not replayable. */
    public Stream<Entry> entries() {
        return entries(new long[2]);
    }

    /**
     * Writes the replayable requests of {@code log} to {@code out} in the {@link TraceFile} format (gzip when
     * {@code out} ends in .gz).
     *
     * @throws TraceFormatException on a malformed ACCESS line (the output is then incomplete)
     */
    public static Conversion convert(Path log, Path out) throws IOException {
        long[] counts = new long[2];
        try (TraceFile.Writer writer = new TraceFile.Writer(out, "converted from the GeoCDN access log " + log);
             Stream<Entry> entries = new AccessLog(log).entries(counts)) {
            for (Entry e : (Iterable<Entry>) entries::iterator) {
                if (e.replayable()) {
                    writer.write(e.timestamp(), e.cacheKey(), e.bytes());
                }
            }
            return new Conversion(counts[0], counts[1], writer.written());
        }
    }

    /** @param counts [0] lines read, [1] ACCESS lines, updated as the stream is consumed */
    private Stream<Entry> entries(long[] counts) {
        String source = path.toString();
        String[] fields = new String[7];
        return LineFile.parse(path, (line, lineNumber) -> {
            counts[0] = lineNumber;
            if (!line.startsWith("ACCESS") || (line.length() > 6 && !LineFile.isBlank(line.charAt(6)))) {
                return null;
            }
            counts[1]++;
            return parse(source, line, lineNumber, fields);
        });
    }

    private static Entry parse(String source, String line, long lineNumber, String[] fields) {
        int n = LineFile.split(line, fields, true);
        if (n != 7) {
            throw new TraceFormatException(source, lineNumber, "expected 'ACCESS <epochMillis> <method> <status> "
                    + "<result> <bytes> <cacheKey>', found " + n + " fields: '" + TraceFile.abbreviate(line) + "'");
        }
        long timestamp = LineFile.parseNonNegative(fields[1]);
        if (timestamp < 0) {
            throw new TraceFormatException(source, lineNumber,
                    "epochMillis must be a non-negative integer, found '" + TraceFile.abbreviate(fields[1]) + "'");
        }
        long status = LineFile.parseNonNegative(fields[3]);
        if (status < 100 || status > 599) {
            throw new TraceFormatException(source, lineNumber,
                    "status must be an HTTP status code 100..599, found '" + TraceFile.abbreviate(fields[3]) + "'");
        }
        String result = fields[4];
        if (!RESULTS.contains(result)) {
            throw new TraceFormatException(source, lineNumber, "result must be one of "
                    + "hit|stale|revalidated|collapsed|miss|pass|error, found '" + TraceFile.abbreviate(result) + "'");
        }
        long bytes = LineFile.parseNonNegative(fields[5]);
        if (bytes < 0) {
            throw new TraceFormatException(source, lineNumber,
                    "bytes must be a non-negative integer, found '" + TraceFile.abbreviate(fields[5]) + "'");
        }
        return new Entry(timestamp, fields[2], (int) status, result, bytes, escapeBlanks(fields[6]));
    }

    private static String escapeBlanks(String key) {
        for (int i = 0; i < key.length(); i++) {
            if (LineFile.isBlank(key.charAt(i))) {
                StringBuilder b = new StringBuilder(key.length() + 8);
                for (int j = 0; j < key.length(); j++) {
                    char c = key.charAt(j);
                    if (LineFile.isBlank(c)) {
                        b.append('%').append(String.format("%02X", (int) c));
                    } else {
                        b.append(c);
                    }
                }
                return b.toString();
            }
        }
        return key;
    }
}
