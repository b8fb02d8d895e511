package dev.geocdn.origin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class KeepAliveTest {

    @Test
    void oneConnection_servesHead304_204_AndGetInSequence() throws IOException {
        try (OriginMock origin = OriginMock.start(OriginMockConfig.defaults());
             Socket socket = new Socket("127.0.0.1", origin.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());

            assertThat(exchange(out, in, "HEAD /objects/k?size=50", false)).startsWith("HTTP/1.1 200");
            assertThat(exchange(out, in, "GET /objects/k?etag=e\r\nIf-None-Match: \"e\"", false)).startsWith("HTTP/1.1 304");
            assertThat(exchange(out, in, "GET /objects/k?status=204", false)).startsWith("HTTP/1.1 204");
            String last = exchange(out, in, "GET /objects/k?size=50", true);

            assertThat(last).startsWith("HTTP/1.1 200").endsWith(new String(ObjectGenerator.bytes("/objects/k", 50, ""),
                    StandardCharsets.ISO_8859_1));
            assertThat(origin.requestCount()).isEqualTo(4);
        }
    }

    /**
     * Pipelined: a response that waits ({@code delay=}) with one behind it that is ready at once,
     * then a third request on the same connection. Reactor Netty before 1.3.9 stopped reading the
     * connection after the queued request completed synchronously, and the third one hung; every
     * GeoCDN server (node, gateways, APIs) shares that code.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"/objects/p2?size=5", "/missing", "/dynamic/p2",
            "/objects/p2?status=204"})
    void aRequestAfterPipelinedSlowAndReadyOnes_isAnswered(String ready) throws IOException {
        try (OriginMock origin = OriginMock.start(OriginMockConfig.defaults())) {
            for (int round = 0; round < 5; round++) {
                try (Socket socket = new Socket("127.0.0.1", origin.port())) {
                    socket.setSoTimeout(5000);
                    OutputStream out = socket.getOutputStream();
                    InputStream in = new BufferedInputStream(socket.getInputStream());
                    out.write(("GET /objects/p1?size=5&delay=50 HTTP/1.1\r\nHost: x\r\n\r\n"
                            + "GET " + ready + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    assertThat(read(in)).startsWith("HTTP/1.1 200");
                    assertThat(read(in)).startsWith("HTTP/1.1 ");

                    assertThat(exchange(out, in, "GET /objects/p3?size=5", true)).startsWith("HTTP/1.1 200");
                }
            }
        }
    }

    /** Writes one request and reads exactly one response (headers plus Content-Length bytes if asked). */
    private static String exchange(OutputStream out, InputStream in, String requestLineAndHeaders, boolean readBody)
            throws IOException {
        String[] parts = requestLineAndHeaders.split("\r\n", 2);
        String request = parts[0] + " HTTP/1.1\r\nHost: x\r\n" + (parts.length > 1 ? parts[1] + "\r\n" : "") + "\r\n";
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return readBody ? read(in) : readHead(in);
    }

    /** One response: its head and its Content-Length bytes. */
    private static String read(InputStream in) throws IOException {
        String head = readHead(in);
        int length = 0;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        return head + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            assertThat(b).as("connection closed early after: " + head).isNotNegative();
            head.append((char) b);
        }
        return head.toString();
    }
}
