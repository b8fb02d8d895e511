package dev.geocdn.simulator;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Reading and writing UTF-8 text files line by line, gzip-compressed when the name ends in {@code .gz}. */
final class LineFile {

    /** Parses one line; returns null to skip it. Throws {@link TraceFormatException} for a bad line. */
    @FunctionalInterface
    interface LineParser<T> {
        T parse(String line, long lineNumber);
    }

    private LineFile() {
    }

    static boolean isGzip(Path path) {
        return path.getFileName() != null && path.getFileName().toString().endsWith(".gz");
    }

    static BufferedReader open(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new NoSuchFileException(path.toString(), null, "no such file");
        }
        InputStream in = Files.newInputStream(path);
        try {
            if (isGzip(path)) {
                in = new GZIPInputStream(in, 1 << 16);
            }
        } catch (IOException e) {
            in.close();
            throw e;
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    static Writer create(Path path) throws IOException {
        OutputStream out = Files.newOutputStream(path);
        if (isGzip(path)) {
            out = new GZIPOutputStream(out, 1 << 16);
        }
        return new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    }

    /** The parsed, non-null results of each line, in order; the stream holds the file open until closed. */
    static <T> Stream<T> parse(Path path, LineParser<T> parser) {
        BufferedReader reader;
        try {
            reader = open(path);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("cannot read " + path + ": " + e.getMessage(), e));
        }
        Spliterator<T> lines = new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE,
                Spliterator.ORDERED | Spliterator.NONNULL) {
            private long lineNumber;

            @Override
            public boolean tryAdvance(Consumer<? super T> action) {
                try {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        T parsed = parser.parse(line, ++lineNumber);
                        if (parsed != null) {
                            action.accept(parsed);
                            return true;
                        }
                    }
                    return false;
                } catch (IOException e) {
                    throw new UncheckedIOException(new IOException("cannot read " + path + " after line "
                            + lineNumber + ": " + e.getMessage(), e));
                }
            }
        };
        return StreamSupport.stream(lines, false).onClose(() -> {
            try {
                reader.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * Splits {@code line} at runs of spaces and tabs into at most {@code max} fields (the last one takes the
     * rest of the line, trimmed, when {@code restInLast}); returns the number of fields found, which is
     * {@code max + 1} when there are more than {@code max} and not {@code restInLast}.
     */
    static int split(String line, String[] fields, boolean restInLast) {
        int max = fields.length;
        int n = 0;
        int i = 0;
        int len = line.length();
        while (true) {
            while (i < len && isBlank(line.charAt(i))) {
                i++;
            }
            if (i >= len) {
                return n;
            }
            if (n == max) {
                return max + 1;
            }
            if (restInLast && n == max - 1) {
                int end = len;
                while (isBlank(line.charAt(end - 1))) {
                    end--;
                }
                fields[n++] = line.substring(i, end);
                return n;
            }
            int start = i;
            while (i < len && !isBlank(line.charAt(i))) {
                i++;
            }
            fields[n++] = line.substring(start, i);
        }
    }

    static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == 0x0B;
    }

    /** A non-negative decimal long, or -1 when {@code s} is not one. */
    static long parseNonNegative(String s) {
        if (s.isEmpty() || s.length() > 19) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value < 0 ? -1 : value;
    }
}
