package dev.geocdn.simulator;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The simulator's trace file format (version 1): UTF-8 text, one request per line,
 *
 * <pre>
 * # comment lines start with '#'; blank lines are ignored
 * &lt;timestamp&gt; &lt;key&gt; &lt;size&gt;
 * 1764028800000 https://img.example.com/a.jpg 48213
 * 1764028800003 42 1024
 * </pre>
 *
 * <ul>
 *   <li>fields are separated by spaces or tabs; exactly three per line;</li>
 *   <li>{@code timestamp}: non-negative integer, epoch milliseconds; requests are replayed in file order
 *       (the timestamp is carried, not used to reorder);</li>
 *   <li>{@code key}: any text without whitespace; a key in canonical decimal form is used as the object's
 *       long id, any other key is hashed to one ({@link Keys#id});</li>
 *   <li>{@code size}: non-negative integer, the object's size in bytes (the response body as the cache
 *       would store it);</li>
 *   <li>a file whose name ends in {@code .gz} is gzip-compressed.</li>
 * </ul>
 *
 * A malformed line stops the run with {@link TraceFormatException}, naming the file and the line.
 */
public final class TraceFile implements Trace {

    private final Path path;

    public TraceFile(Path path) {
        this.path = path;
    }

    @Override
    public String description() {
        return "trace " + path;
    }

    @Override
    public Stream<Request> requests() {
        String source = path.toString();
        String[] fields = new String[3];
        return LineFile.parse(path, (line, lineNumber) -> parse(source, line, lineNumber, fields));
    }

    private static Request parse(String source, String line, long lineNumber, String[] fields) {
        int n = LineFile.split(line, fields, false);
        if (n == 0 || fields[0].charAt(0) == '#') {
            return null;
        }
        if (n != 3) {
            throw new TraceFormatException(source, lineNumber, "expected 3 fields '<timestamp> <key> <size>', found "
                    + (n > 3 ? "more" : String.valueOf(n)) + ": '" + abbreviate(line) + "'");
        }
        long timestamp = LineFile.parseNonNegative(fields[0]);
        if (timestamp < 0) {
            throw new TraceFormatException(source, lineNumber,
                    "timestamp must be a non-negative integer (epoch ms), found '" + abbreviate(fields[0]) + "'");
        }
        long size = LineFile.parseNonNegative(fields[2]);
        if (size < 0) {
            throw new TraceFormatException(source, lineNumber,
                    "size must be a non-negative integer (bytes), found '" + abbreviate(fields[2]) + "'");
        }
        return new Request(timestamp, Keys.id(fields[1]), size);
    }

    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    /** Writes a trace file (gzip when the name ends in .gz). */
    public static final class Writer implements Closeable {
        private final java.io.Writer out;
        private long written;

        public Writer(Path path, String headerComment) throws IOException {
            this.out = LineFile.create(path);
            out.write("# GeoCDN cache-simulator trace v1: <timestamp ms> <key> <size bytes>\n");
            if (headerComment != null) {
                for (String line : headerComment.split("\n")) {
                    out.write("# " + line + "\n");
                }
            }
        }

        /**
         * @throws IllegalArgumentException when the key is empty or contains whitespace, or a number is negative
         */
        public void write(long timestamp, String key, long size) throws IOException {
            if (timestamp < 0 || size < 0) {
                throw new IllegalArgumentException("negative timestamp or size");
            }
            if (key.isEmpty() || key.chars().anyMatch(c -> LineFile.isBlank((char) c) || c == '\n')) {
                throw new IllegalArgumentException("trace keys must be non-empty and without whitespace: '" + key + "'");
            }
            out.write(Long.toString(timestamp));
            out.write(' ');
            out.write(key);
            out.write(' ');
            out.write(Long.toString(size));
            out.write('\n');
            written++;
        }

        /** The number of requests written so far. */
        public long written() {
            return written;
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
