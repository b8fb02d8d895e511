package dev.geocdn.origin;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Routes a request to {@code /objects}, {@code /dynamic}, {@code /echo}, {@code /files} or the
 * {@code /__origin} control endpoints, counts it, and hands the result to {@link ResponseWriter}.
 */
final class OriginHandler implements BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> {

    static final String CONTROL_PREFIX = "/__origin/";
    private static final long DEFAULT_SIZE = 1024;

    private final Counters counters;
    private final ObjectGenerator objects;
    private final StaticFiles files;
    private final AtomicLong dynamicCounter = new AtomicLong();

    OriginHandler(Counters counters, ObjectGenerator objects, StaticFiles files) {
        this.counters = counters;
        this.objects = objects;
        this.files = files;
    }

    @Override
    public Publisher<Void> apply(HttpServerRequest request, HttpServerResponse response) {
        String path;
        Map<String, List<String>> params;
        try {
            QueryStringDecoder decoder = decoder(request.uri());
            path = decoder.path();
            params = decoder.parameters();
        } catch (IllegalArgumentException e) {
            counters.record(request.uri(), isConditional(request.requestHeaders()), recorded(request));
            return plain(response, 400, "malformed request target: " + e.getMessage() + "\n");
        }
        if (path.startsWith(CONTROL_PREFIX)) {
            return control(request, response, path);
        }
        counters.record(path, isConditional(request.requestHeaders()), recorded(request));
        try {
            ResponseControls controls = ResponseControls.parse(params);
            return route(request, response, path, params, controls)
                    .onErrorResume(e -> isClientError(e) && !response.hasSentHeaders(),
                            e -> badRequest(response, (RuntimeException) e));
        } catch (BadRequestException | IllegalArgumentException e) {
            return badRequest(response, e);
        }
    }

    /** Decodes a request target, also in absolute form; {@code ;} is part of a value, not a separator. */
    static QueryStringDecoder decoder(String uri) {
        String target = uri;
        int scheme = target.indexOf("://");
        if (scheme > 0 && scheme < 8 && !target.startsWith("/")) {
            int slash = target.indexOf('/', scheme + 3);
            int query = target.indexOf('?', scheme + 3);
            if (slash < 0 || (query >= 0 && query < slash)) {
                target = "/" + (query < 0 ? "" : target.substring(query));
            } else {
                target = target.substring(slash);
            }
        }
        return new QueryStringDecoder(target, StandardCharsets.UTF_8, true, 1024, true);
    }

    private Mono<Void> route(HttpServerRequest request, HttpServerResponse response, String path,
                             Map<String, List<String>> params, ResponseControls controls) {
        HttpMethod method = request.method();
        boolean readOnly = HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method);
        boolean objectPath = path.startsWith("/objects/") && path.length() > "/objects/".length();
        boolean echoPath = isUnder(path, "/echo");
        if (!readOnly && (objectPath || echoPath)) {
            return bodyLength(request).flatMap(length -> {
                Map<String, Object> echo = echo(request, echoPath, length);
                return ResponseWriter.write(request, response, controls, Content.json(Json.write(echo)));
            });
        }
        boolean known = objectPath || echoPath || isUnder(path, "/dynamic") || path.startsWith("/files/");
        if (known && !readOnly) {
            response.header(HttpHeaderNames.ALLOW, "GET, HEAD");
            return ResponseWriter.write(request, response, controls,
                    Content.text(405, method + " is not allowed on " + path + "\n"));
        }
        if (objectPath) {
            return ResponseWriter.write(request, response, controls, object(path, params));
        }
        if (echoPath) {
            return bodyLength(request).flatMap(length -> ResponseWriter.write(request, response, controls,
                    Content.json(Json.write(echo(request, true, length)))));
        }
        if (isUnder(path, "/dynamic")) {
            long n = dynamicCounter.incrementAndGet();
            String text = "dynamic response #" + n + " path=" + path + " nanoTime=" + System.nanoTime() + "\n";
            return ResponseWriter.write(request, response, controls,
                    Content.of(Body.text(text), Content.TEXT).withCacheControl("no-store"));
        }
        if (path.startsWith("/files/")) {
            return ResponseWriter.write(request, response, controls, file(path.substring("/files/".length())));
        }
        return ResponseWriter.write(request, response, controls, Content.text(404, "404 Not Found: " + path + "\n"));
    }

    private Content object(String path, Map<String, List<String>> params) {
        List<String> sizes = params.get("size");
        long size = sizes == null || sizes.isEmpty() ? DEFAULT_SIZE : Sizes.parse(sizes.get(0));
        List<String> versions = params.get("version");
        String version = versions == null || versions.isEmpty() ? "" : versions.get(0);
        return Content.of(objects.body(path, size, version), Content.OCTETS).asRangeable();
    }

    private Content file(String relative) {
        StaticFiles.StaticFile file = files.find(relative);
        if (file == null) {
            return Content.text(404, "404 Not Found: /files/" + relative + "\n");
        }
        return Content.of(file.body(), file.contentType())
                .asRangeable()
                .withValidators(file.etag(), HttpDates.format(file.modified()));
    }

    private Mono<Void> control(HttpServerRequest request, HttpServerResponse response, String path) {
        HttpMethod method = request.method();
        switch (path) {
            case CONTROL_PREFIX + "stats" -> {
                if (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)) {
                    Map<String, Object> stats = new LinkedHashMap<>();
                    stats.put("total", counters.total());
                    stats.put("conditional", counters.conditional());
                    stats.put("byPath", counters.byPath());
                    return ResponseWriter.write(request, response, ResponseControls.NONE,
                            Content.json(Json.write(stats)).withCacheControl("no-store"));
                }
                return notAllowed(response, "GET, HEAD");
            }
            case CONTROL_PREFIX + "reset" -> {
                if (HttpMethod.POST.equals(method)) {
                    counters.reset();
                    return ResponseWriter.write(request, response, ResponseControls.NONE,
                            Content.text(204, "").withCacheControl("no-store"));
                }
                return notAllowed(response, "POST");
            }
            case CONTROL_PREFIX + "health" -> {
                return ResponseWriter.write(request, response, ResponseControls.NONE,
                        Content.text(200, "ok\n").withCacheControl("no-store"));
            }
            default -> {
                return plain(response, 404, "404 Not Found: " + path + "\n");
            }
        }
    }

    private static Mono<Void> notAllowed(HttpServerResponse response, String allow) {
        response.header(HttpHeaderNames.ALLOW, allow);
        return plain(response, 405, "405 Method Not Allowed\n");
    }

    private static Mono<Void> badRequest(HttpServerResponse response, RuntimeException e) {
        response.responseHeaders().clear();
        return plain(response, 400, "400 Bad Request: " + e.getMessage() + "\n");
    }

    private static Mono<Void> plain(HttpServerResponse response, int status, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        response.status(status)
                .header(HttpHeaderNames.DATE, HttpDates.format(Instant.now()))
                .header(HttpHeaderNames.CONTENT_TYPE, Content.TEXT)
                .header(HttpHeaderNames.CONTENT_LENGTH, String.valueOf(bytes.length));
        return response.sendByteArray(Mono.just(bytes)).then();
    }

    private static Map<String, Object> echo(HttpServerRequest request, boolean withHeaders, long bodyLength) {
        Map<String, Object> echo = new LinkedHashMap<>();
        echo.put("method", request.method().name());
        echo.put("uri", request.uri());
        if (withHeaders) {
            echo.put("headers", headerMap(request.requestHeaders()));
        }
        echo.put("bodyLength", bodyLength);
        return echo;
    }

    private static Mono<Long> bodyLength(HttpServerRequest request) {
        return request.receive().map(ByteBuf::readableBytes).reduce(0L, Long::sum);
    }

    private static RecordedRequest recorded(HttpServerRequest request) {
        return new RecordedRequest(request.method().name(), request.uri(), headerMap(request.requestHeaders()));
    }

    static Map<String, List<String>> headerMap(HttpHeaders headers) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : headers) {
            map.computeIfAbsent(header.getKey().toLowerCase(Locale.ROOT), name -> new ArrayList<>()).add(header.getValue());
        }
        return map;
    }

    private static boolean isClientError(Throwable e) {
        return e instanceof BadRequestException || e instanceof IllegalArgumentException;
    }

    private static boolean isConditional(HttpHeaders headers) {
        return headers.contains(HttpHeaderNames.IF_NONE_MATCH) || headers.contains(HttpHeaderNames.IF_MODIFIED_SINCE);
    }

    private static boolean isUnder(String path, String root) {
        return path.equals(root) || path.startsWith(root + "/");
    }
}
