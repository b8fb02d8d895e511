package dev.geocdn.node.proxy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The node's access log: one line per request, written by a background thread so that the
 * data plane never blocks on the disk. When the queue is full, lines are dropped and counted
 * rather than slowing requests down.
 *
 * <p>Line format (also read by the policy simulator's converter):
 * {@code ACCESS <epochMillis> <method> <status> <result> <bytes> <cacheKey>}, where result is
 * one of hit, stale, revalidated, collapsed, miss, pass, error.
 */
public final class AccessLog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AccessLog.class);
    private static final int QUEUE_LINES = 65_536;

    private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE_LINES);
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;
    private volatile boolean closed;

    private AccessLog() {
        this.writer = null;
    }

    private AccessLog(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        this.writer = Thread.ofPlatform().daemon().name("access-log").start(() -> drain(out));
    }

    /** An access log appending to {@code file}; one that records nothing when {@code file} is null. */
    public static AccessLog open(Path file) {
        if (file == null) {
            return new AccessLog();
        }
        try {
            return new AccessLog(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the access log " + file + ": " + e.getMessage(), e);
        }
    }

    /** Whether lines are written at all. */
    boolean enabled() {
        return writer != null;
    }

    /** Queues one line; never blocks. */
    void record(long epochMillis, String method, int status, String result, long bytes, String cacheKey) {
        if (writer == null) {
            return;
        }
        String line = "ACCESS " + epochMillis + ' ' + method + ' ' + status + ' ' + result + ' ' + bytes + ' '
                + cacheKey;
        if (!queue.offer(line)) {
            dropped.incrementAndGet();
        }
    }

    /** Lines dropped because the writer could not keep up. */
    public long dropped() {
        return dropped.get();
    }

    private void drain(BufferedWriter out) {
        List<String> batch = new ArrayList<>(1024);
        try (out) {
            while (!closed || !queue.isEmpty()) {
                String first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, 1023);
                for (String line : batch) {
                    out.write(line);
                    out.newLine();
                }
                batch.clear();
                out.flush();
            }
        } catch (IOException e) {
            log.error("access log stopped: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes what is queued and stops. */
    @Override
    public void close() {
        closed = true;
        if (writer == null) {
            return;
        }
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
