package dev.geocdn.gateway.proxy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's access log, logger {@code geocdn.gateway.access} at INFO: one line per request.
 * The forwarding thread only queues the line's values; a background thread formats and logs
 * them, so a slow console or file never stalls an event loop. When the queue is full, lines
 * are dropped and counted rather than slowing requests down. Turned off by setting the
 * logger's level to OFF ({@code logging.level.geocdn.gateway.access=off}), which then costs
 * one level check per request.
 */
public final class AccessLog implements AutoCloseable {

    private static final Logger ACCESS = LoggerFactory.getLogger("geocdn.gateway.access");
    private static final int QUEUE_LINES = 65_536;

    /** One request's line. */
    public record Line(String method, String path, int status, InetAddress client, String region, String by,
                       String servedBy, int skipped, long nanos) {

        String format() {
            return method + ' ' + path + ' ' + (status == 0 ? "-" : Integer.toString(status))
                    + " client=" + client.getHostAddress() + " region=" + region + " by=" + by
                    + " served-by=" + servedBy + " skipped=" + skipped
                    + " ms=" + String.format(Locale.ROOT, "%.2f", nanos / 1e6);
        }
    }

    private final BlockingQueue<Line> queue = new ArrayBlockingQueue<>(QUEUE_LINES);
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;
    private volatile boolean closed;

    public AccessLog() {
        this.writer = Thread.ofPlatform().daemon().name("gateway-access-log").start(this::drain);
    }

    /** Whether lines are logged at all: checked before a line is built. */
    public boolean enabled() {
        return ACCESS.isInfoEnabled();
    }

    /** Queues one line; never blocks. */
    public void record(Line line) {
        if (!queue.offer(line)) {
            dropped.incrementAndGet();
        }
    }

    /** Lines dropped because logging could not keep up. */
    public long dropped() {
        return dropped.get();
    }

    private void drain() {
        List<Line> batch = new ArrayList<>(1024);
        try {
            while (!closed || !queue.isEmpty()) {
                Line first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, 1023);
                for (Line line : batch) {
                    ACCESS.info(line.format());
                }
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Logs what is queued and stops. */
    @Override
    public void close() {
        closed = true;
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
