package dev.geocdn.node;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One client connection over a raw socket that reads responses message by message, interim
 * ones included: what a browser's HTTP/1.1 stack sees, for tests where the bytes on the wire
 * matter (interim responses, keep-alive, hostile input).
 */
final class RawConnection implements AutoCloseable {

    /** One response as it came off the wire; {@code names} are the field names as the peer spelled them. */
    record Response(String version, int status, Map<String, List<String>> fields, List<String> names, byte[] body) {

        /** The first value of a field (names case-insensitive), or null. */
        String field(String name) {
            List<String> values = fields.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : values.getFirst();
        }

        String bodyText() {
            return new String(body, StandardCharsets.ISO_8859_1);
        }
    }

    private final Socket socket;
    private final InputStream in;

    RawConnection(int port, Duration timeout) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout((int) timeout.toMillis());
        in = new BufferedInputStream(socket.getInputStream());
    }

    /** Writes {@code request} as it is. */
    RawConnection send(String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return this;
    }

    /**
     * Reads responses up to and including the first final (non-1xx) one; a response to HEAD
     * has no body whatever its Content-Length says.
     */
    List<Response> readUntilFinal(boolean head) throws IOException {
        List<Response> responses = new ArrayList<>();
        Response response;
        do {
            response = read(head);
            responses.add(response);
        } while (response.status() >= 100 && response.status() < 200);
        return responses;
    }

    /**
     * The final response if one starts arriving within {@code wait}, else null (the connection
     * stays usable).
     */
    Response pollFinal(Duration wait) throws IOException {
        int before = socket.getSoTimeout();
        socket.setSoTimeout((int) wait.toMillis());
        try {
            in.mark(1);
            if (in.read() < 0) {
                throw new IOException("connection closed before a response");
            }
            in.reset();
        } catch (java.net.SocketTimeoutException nothingYet) {
            return null;
        } finally {
            socket.setSoTimeout(before);
        }
        return readUntilFinal(false).getLast();
    }

    /** Whether the peer has closed the connection (end of stream before any byte). */
    boolean closedByPeer() throws IOException {
        try {
            return in.read() < 0;
        } catch (java.net.SocketException e) {
            return true; // reset
        }
    }

    private Response read(boolean head) throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            throw new IOException("connection closed before a response");
        }
        String[] parts = statusLine.split(" ", 3);
        Map<String, List<String>> fields = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (String line; (line = line()) != null && !line.isEmpty(); ) {
            int colon = line.indexOf(':');
            names.add(line.substring(0, colon).strip());
            fields.computeIfAbsent(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(line.substring(colon + 1).strip());
        }
        int status = Integer.parseInt(parts[1]);
        byte[] body = new byte[0];
        if (!head && status >= 200 && status != 204 && status != 304) {
            List<String> length = fields.get("content-length");
            List<String> encoding = fields.get("transfer-encoding");
            if (length != null) {
                body = in.readNBytes(Integer.parseInt(length.getFirst()));
            } else if (encoding != null && encoding.getFirst().equalsIgnoreCase("chunked")) {
                body = chunked();
            } else {
                body = in.readAllBytes();
            }
        }
        return new Response(parts[0], status, fields, List.copyOf(names), body);
    }

    private byte[] chunked() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line();
            int size = Integer.parseInt(sizeLine.split(";")[0].strip(), 16);
            if (size == 0) {
                while (!line().isEmpty()) {
                    // trailer fields
                }
                return out.toByteArray();
            }
            out.write(in.readNBytes(size));
            line();
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                String s = out.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            out.write(b);
        }
        return out.size() == 0 ? null : out.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
