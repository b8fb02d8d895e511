package dev.geocdn.invalidation.support;

import dev.geocdn.invalidation.InvalidationApplication;
import dev.geocdn.invalidation.bus.PurgeLogReader;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.awaitility.Awaitility.await;

/**
 * The invalidation service run as its jar runs it, on ephemeral loopback ports, and an HTTP
 * client for it. Tokens: {@code ops} (purge), {@code viewer} (read), {@code burst} (purge, two
 * requests an hour), {@code warmer} (warm). Topology: us-west-1, us-west-2, eu-west-1, eu-west-2.
 */
public final class Service implements AutoCloseable {

    public static final String OPS = "ops-secret-0123456789";
    public static final String VIEWER = "viewer-secret-0123456789";
    public static final String BURST = "burst-secret-0123456789";
    public static final String WARMER = "warmer-secret-0123456789";
    /** Node id to region, sorted by id. */
    public static final SortedMap<String, String> NODES = Collections.unmodifiableSortedMap(new TreeMap<>(Map.of(
            "us-west-1", "us-west", "us-west-2", "us-west", "eu-west-1", "eu-west", "eu-west-2", "eu-west")));

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ConfigurableApplicationContext context;
    /**
     * HTTP/1.1 as the service speaks it: the JDK client's default (HTTP/2) adds an h2c upgrade
     * offer to every first request on a connection, a path the service never takes and one more
     * thing that can stall a poll (a GET once timed out in CI while the service was idle).
     */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private Service(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** A service on {@code broker} whose purge log reader is positioned, so strong purges are taken. */
    public static Service startReady(Broker broker, String... extra) {
        Service service = start(broker.bootstrapServers(), extra);
        await().atMost(Duration.ofSeconds(30)).alias("the purge log reader is ready")
                .until(() -> service.bean(PurgeLogReader.class).isReady());
        return service;
    }

    /** Closes what was started, in order, skipping what was not. */
    public static void closeAll(AutoCloseable... parts) throws Exception {
        for (AutoCloseable part : parts) {
            if (part != null) {
                part.close();
            }
        }
    }

    public static Service start(String bootstrapServers, String... extra) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--management.server.port=0",
                "--spring.main.banner-mode=off",
                "--cdn.invalidation.kafka.bootstrap-servers=" + bootstrapServers,
                "--cdn.invalidation.tokens[0].name=ops", "--cdn.invalidation.tokens[0].secret=" + OPS,
                "--cdn.invalidation.tokens[0].scopes=purge", "--cdn.invalidation.tokens[0].rate.limit=1000",
                "--cdn.invalidation.tokens[1].name=viewer", "--cdn.invalidation.tokens[1].secret=" + VIEWER,
                "--cdn.invalidation.tokens[1].scopes=read",
                "--cdn.invalidation.tokens[2].name=burst", "--cdn.invalidation.tokens[2].secret=" + BURST,
                "--cdn.invalidation.tokens[2].scopes=purge", "--cdn.invalidation.tokens[2].rate.limit=2",
                "--cdn.invalidation.tokens[2].rate.period=1h",
                "--cdn.invalidation.tokens[3].name=warmer", "--cdn.invalidation.tokens[3].secret=" + WARMER,
                "--cdn.invalidation.tokens[3].scopes=warm"));
        int i = 0;
        String previous = "";
        for (var node : NODES.entrySet()) {
            i = node.getValue().equals(previous) ? i + 1 : 0;
            previous = node.getValue();
            String prefix = "--cdn.invalidation.regions." + node.getValue() + ".nodes[" + i + "].";
            args.add(prefix + "id=" + node.getKey());
            args.add(prefix + "url=http://127.0.0.1:1");
        }
        args.addAll(List.of(extra));
        return new Service(new SpringApplicationBuilder(InvalidationApplication.class).run(args.toArray(String[]::new)));
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public int managementPort() {
        return Integer.parseInt(context.getEnvironment().getProperty("local.management.port"));
    }

    public HttpResponse<String> post(String token, String contentType, HttpRequest.BodyPublisher body) {
        return post("/v1/purge", token, contentType, body);
    }

    public HttpResponse<String> post(String path, String token, String contentType, HttpRequest.BodyPublisher body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .timeout(Duration.ofSeconds(30)).POST(body);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request.build());
    }

    public HttpResponse<String> post(String token, String json) {
        return post(token, "application/json", HttpRequest.BodyPublishers.ofString(json));
    }

    public HttpResponse<String> get(String token, String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .timeout(Duration.ofSeconds(10)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    public HttpResponse<String> management(String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort() + path))
                .timeout(Duration.ofSeconds(10)).GET().build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode json(HttpResponse<String> response) {
        return json(response.body());
    }

    public static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    @Override
    public void close() {
        context.close();
    }
}
