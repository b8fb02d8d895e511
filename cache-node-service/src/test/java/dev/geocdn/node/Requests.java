package dev.geocdn.node;

import dev.geocdn.origin.RecordedRequest;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Small helpers shared by the integration tests: concurrency, encoding, dates, metrics. */
final class Requests {

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private Requests() {
    }

    /** A query-parameter value, percent-encoded. */
    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** An IMF-fixdate. */
    static String httpDate(Instant instant) {
        return IMF_FIXDATE.format(instant);
    }

    /** A request to the node, not yet sent. */
    static HttpRequest request(NodeFixture node, String method, String pathAndQuery, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(node.url(pathAndQuery)).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder.build();
    }

    /** Sends {@code n} identical GETs at once and waits for every response. */
    static List<HttpResponse<byte[]>> concurrently(NodeFixture node, int n, String pathAndQuery, String... headers) {
        List<CompletableFuture<HttpResponse<byte[]>>> futures = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            futures.add(node.client.sendAsync(request(node, "GET", pathAndQuery, headers),
                    HttpResponse.BodyHandlers.ofByteArray()));
        }
        return futures.stream().map(CompletableFuture::join).toList();
    }

    /** GET sent asynchronously. */
    static CompletableFuture<HttpResponse<byte[]>> getAsync(NodeFixture node, String pathAndQuery, String... headers) {
        return node.client.sendAsync(request(node, "GET", pathAndQuery, headers), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Sleeps for a time the test needs to pass (a freshness lifetime, a configured bound); never to wait for a condition. */
    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The requests the origin received for {@code path} (query ignored), oldest first. */
    static List<RecordedRequest> originRequests(NodeFixture node, String path) {
        return node.origin.recentRequests().stream()
                .filter(r -> r.uri().equals(path) || r.uri().startsWith(path + "?"))
                .toList();
    }

    /** The Prometheus exposition of the node's management port. */
    static String prometheus(NodeFixture node) {
        HttpRequest request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + node.managementPort() + "/actuator/prometheus")).build();
        try {
            HttpResponse<String> response = node.client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("prometheus answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The value of the sample {@code name} whose labels include every {@code label="value"} given
     * (as name, value pairs); 0 when there is no such sample.
     */
    static double sample(String exposition, String name, String... labels) {
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*})?\\s+(\\S+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(exposition);
        double total = 0;
        boolean found = false;
        while (m.find()) {
            String labelSet = m.group(1) == null ? "" : m.group(1);
            boolean matches = true;
            for (int i = 0; i < labels.length; i += 2) {
                if (!labelSet.contains(labels[i] + "=\"" + labels[i + 1] + "\"")) {
                    matches = false;
                    break;
                }
            }
            if (matches) {
                total += Double.parseDouble(m.group(2));
                found = true;
            }
        }
        return found ? total : 0;
    }

    /** The ttl parameter of this node's Cache-Status member. */
    static long ttl(HttpResponse<?> response) {
        Matcher m = Pattern.compile("; ttl=(-?\\d+)").matcher(NodeFixture.cacheStatus(response));
        if (!m.find()) {
            throw new AssertionError("no ttl in Cache-Status: " + NodeFixture.cacheStatus(response));
        }
        return Long.parseLong(m.group(1));
    }

    /** Whether a response body looks like it leaks a Java stack trace. */
    static boolean looksLikeStackTrace(String body) {
        return body.contains("Exception") || body.contains("\tat ") || body.contains("at dev.geocdn")
                || body.contains("at io.netty") || body.contains("at reactor.");
    }
}
