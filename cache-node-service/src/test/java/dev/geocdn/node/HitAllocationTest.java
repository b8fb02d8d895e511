package dev.geocdn.node;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plain hit makes (almost) no garbage: over a million 1 KiB hits on keep-alive connections,
 * the node's event loops allocate at most 64 bytes per hit, counted by the JVM's per-thread
 * allocation counters. So a minute of hits at full load sees no young collection in a small
 * heap, and no collection pauses the event loop. Not a timing test: bytes are counted, not time.
 */
class HitAllocationTest {

    private static final int BATCH = 200;
    private static final int WARM_UP_HITS = 300_000;
    private static final int MEASURED_HITS = 1_000_000;

    @Test
    void aPlainHitAllocatesAtMost64Bytes() throws IOException {
        try (NodeFixture node = NodeFixture.start()) {
            String path = "/objects/alloc?size=1k&cc=max-age%3D3600";
            node.get(path);
            assertThat(NodeFixture.cacheStatus(node.get(path))).contains("; hit");
            byte[] batch = (("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + node.port() + "\r\nUser-Agent: t\r\n"
                    + "Accept: */*\r\n\r\n").repeat(BATCH)).getBytes(StandardCharsets.ISO_8859_1);
            try (Socket socket = new Socket("127.0.0.1", node.port())) {
                socket.setTcpNoDelay(true);
                Hits hits = new Hits(socket);
                hits.send(batch, WARM_UP_HITS);
                long before = eventLoopAllocatedBytes();
                hits.send(batch, MEASURED_HITS);
                long perHit = (eventLoopAllocatedBytes() - before) / MEASURED_HITS;
                assertThat(perHit).as("bytes allocated per hit on the event loops").isLessThanOrEqualTo(64);
            }
        }
    }

    /** Bytes allocated so far by Reactor Netty's event loops, which serve the node's connections. */
    private static long eventLoopAllocatedBytes() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long total = 0;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("reactor-http-")) {
                total += threads.getThreadAllocatedBytes(thread.threadId());
            }
        }
        return total;
    }

    /** Pipelined GETs on one connection, each response read to its end. */
    private static final class Hits {
        private final OutputStream out;
        private final InputStream in;
        private final byte[] buffer = new byte[1 << 16];
        private int start;
        private int end;

        Hits(Socket socket) throws IOException {
            this.out = socket.getOutputStream();
            this.in = socket.getInputStream();
        }

        void send(byte[] batch, int count) throws IOException {
            for (int sent = 0; sent < count; sent += BATCH) {
                out.write(batch);
                out.flush();
                for (int i = 0; i < BATCH; i++) {
                    readResponse();
                }
            }
        }

        private void readResponse() throws IOException {
            int headEnd;
            while ((headEnd = indexOfHeadEnd()) < 0) {
                fill();
            }
            String head = new String(buffer, start, headEnd - start, StandardCharsets.ISO_8859_1);
            if (!head.startsWith("HTTP/1.1 200 ")) {
                throw new AssertionError("not a 200: " + head);
            }
            int at = head.toLowerCase().indexOf("content-length: ");
            int lineEnd = head.indexOf('\r', at);
            int length = Integer.parseInt(head.substring(at + "content-length: ".length(), lineEnd));
            start = headEnd + 4;
            while (end - start < length) {
                fill();
            }
            start += length;
        }

        private int indexOfHeadEnd() {
            for (int i = start; i + 3 < end; i++) {
                if (buffer[i] == '\r' && buffer[i + 1] == '\n' && buffer[i + 2] == '\r' && buffer[i + 3] == '\n') {
                    return i;
                }
            }
            return -1;
        }

        private void fill() throws IOException {
            if (start > 0) {
                System.arraycopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }
            int n = in.read(buffer, end, buffer.length - end);
            if (n < 0) {
                throw new IOException("the node closed the connection");
            }
            end += n;
        }
    }
}
