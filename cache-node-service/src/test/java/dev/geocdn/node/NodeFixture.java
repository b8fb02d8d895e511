package dev.geocdn.node;

import dev.geocdn.cache.http.Headers;
import dev.geocdn.cache.store.ResponseCache;
import dev.geocdn.origin.OriginMock;
import dev.geocdn.origin.OriginMockConfig;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * A real origin-mock and a real cache node on loopback ports, for integration tests over
 * sockets. Extra node properties are passed as {@code name=value}.
 */
public final class NodeFixture implements AutoCloseable {

    public final OriginMock origin;
    public final ConfigurableApplicationContext context;
    public final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final boolean ownsOrigin;

    private NodeFixture(OriginMock origin, boolean ownsOrigin, ConfigurableApplicationContext context) {
        this.origin = origin;
        this.ownsOrigin = ownsOrigin;
        this.context = context;
    }

    /** Starts an origin and a node in front of it. */
    public static NodeFixture start(String... properties) {
        return start(OriginMock.start(OriginMockConfig.defaults()), true, properties);
    }

    /** Starts a node in front of {@code origin}, which the caller owns. */
    public static NodeFixture start(OriginMock origin, boolean ownsOrigin, String... properties) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--management.server.port=0",
                "--cdn.origin.url=" + origin.baseUrl(),
                "--cdn.region=test-region",
                "--cdn.node-id=test-node",
                "--cdn.cache.max-bytes=64MB",
                "--spring.main.banner-mode=off",
                "--logging.level.root=WARN"));
        for (String p : properties) {
            // a property given here replaces the default of the same name (a repeated
            // command-line argument would be joined into a list, e.g. "64MB,100KB")
            if (p.indexOf('=') > 0) {
                String name = "--" + p.substring(0, p.indexOf('=') + 1);
                args.removeIf(arg -> arg.startsWith(name));
            }
            args.add("--" + p);
        }
        ConfigurableApplicationContext context = new SpringApplicationBuilder(NodeApplication.class)
                .run(args.toArray(String[]::new));
        return new NodeFixture(origin, ownsOrigin, context);
    }

    /** The data-plane port. */
    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** The management (actuator) port. */
    public int managementPort() {
        return Integer.parseInt(context.getEnvironment().getProperty("local.management.port"));
    }

    /** An absolute URL on the node. */
    public URI url(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port() + pathAndQuery);
    }

    /** GET with optional header pairs. */
    public HttpResponse<byte[]> get(String pathAndQuery, String... headers) {
        return send("GET", pathAndQuery, headers);
    }

    /**
     * GET, then waits until the node has stored what it fetched: a client holds the whole body a
     * moment before the fill is marked done, and a request sent in that moment follows the
     * finishing fill instead of finding it stored. For tests that count what the next request does.
     */
    public HttpResponse<byte[]> getStored(String pathAndQuery) {
        HttpResponse<byte[]> response = get(pathAndQuery);
        ResponseCache cache = context.getBean(ResponseCache.class);
        String key = "http://127.0.0.1:" + port() + pathAndQuery;
        await().atMost(Duration.ofSeconds(5)).until(() -> cache.lookup(key, Headers.EMPTY).isHit());
        return response;
    }

    /** A request with {@code method} and optional header pairs. */
    public HttpResponse<byte[]> send(String method, String pathAndQuery, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(url(pathAndQuery)).timeout(Duration.ofSeconds(20))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        try {
            return client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The Cache-Status field of a response. */
    public static String cacheStatus(HttpResponse<?> response) {
        return response.headers().firstValue("Cache-Status").orElse("");
    }

    /**
     * Sends raw bytes on a new socket and returns everything the node answers until it closes
     * or {@code timeout} passes; for requests an HTTP client library refuses to send.
     */
    public String raw(String request, Duration timeout) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port())) {
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder sb = new StringBuilder();
            byte[] buffer = new byte[8192];
            try {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    sb.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                    if (sb.indexOf("\r\n\r\n") >= 0 && complete(sb)) {
                        break;
                    }
                }
            } catch (java.net.SocketTimeoutException ignored) {
                // return what arrived
            }
            return sb.toString();
        }
    }

    private static boolean complete(StringBuilder sb) {
        int headerEnd = sb.indexOf("\r\n\r\n");
        String head = sb.substring(0, headerEnd).toLowerCase();
        int cl = head.indexOf("content-length:");
        if (cl < 0) {
            return false;
        }
        int end = head.indexOf("\r\n", cl);
        long length = Long.parseLong(head.substring(cl + 15, end < 0 ? head.length() : end).strip());
        return sb.length() - headerEnd - 4 >= length;
    }

    @Override
    public void close() {
        context.close();
        if (ownsOrigin) {
            origin.close();
        }
    }
}
