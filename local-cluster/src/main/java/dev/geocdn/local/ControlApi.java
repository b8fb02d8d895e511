package dev.geocdn.local;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The local world's control API, for demos, tests and benchmarks (loopback only):
 * <pre>
 *   GET  /v1/world                       every part, its URL and whether it runs
 *   POST /v1/nodes/{id}/stop|start       one cache node
 *   POST /v1/regions/{region}/stop|start a region's gateway and nodes
 *   POST /v1/origin/stop|start           origin-mock
 *   GET  /v1/latency                     the emulated inter-region RTT matrix (ms)
 *   PUT  /v1/latency                     replace it: {"us-west": {"eu-west": 140}, ...}
 *   DELETE /v1/latency                   turn emulation off
 * </pre>
 * Every answer is JSON, errors {@code {"error": "..."}} in the API's own words: unknown parts
 * 404, unknown actions and bad matrices 400, a path that exists for other methods 405 with
 * {@code Allow}, an unknown path 404 listing the routes, a part that failed to start 500 with its
 * root cause (the stack trace goes to the log, not to the caller).
 * Stopping and starting block (a Spring context closes or starts), so they run off the event loop.
 */
public final class ControlApi implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlApi.class);

    /** A route's handler: the request, the response, and the path's variables. */
    private interface Handler {
        Mono<Void> handle(HttpServerRequest req, HttpServerResponse res, Map<String, String> variables);
    }

    private final LocalWorld world;
    private final JsonMapper json = JsonMapper.builder().build();
    private final RttMatrixBody matrixBody = new RttMatrixBody(json);
    private final ControlRoutes<Handler> routes;
    private final DisposableServer server;

    public ControlApi(LocalWorld world, int port) {
        this.world = world;
        this.routes = new ControlRoutes<Handler>()
                .add("GET", "/v1/world", (req, res, v) -> send(res, HttpResponseStatus.OK, world.state()))
                .add("POST", "/v1/nodes/{id}/{action}", (req, res, v) ->
                        act(res, "node", v.get("id"), v.get("action"), world::startNode, world::stopNode))
                .add("POST", "/v1/regions/{region}/{action}", (req, res, v) ->
                        act(res, "region", v.get("region"), v.get("action"), world::startRegion, world::stopRegion))
                .add("POST", "/v1/origin/{action}", (req, res, v) ->
                        act(res, "origin", "origin", v.get("action"), id -> world.startOrigin(), id -> world.stopOrigin()))
                .add("GET", "/v1/latency", (req, res, v) -> latency(res))
                .add("PUT", "/v1/latency", (req, res, v) -> setLatency(req, res))
                .add("DELETE", "/v1/latency", (req, res, v) -> {
                    world.setEmulatedRtt(Map.of());
                    return latency(res);
                });
        this.server = HttpServer.create().host("127.0.0.1").port(port).handle(this::dispatch).bindNow();
    }

    public int port() {
        return server.port();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    private Mono<Void> dispatch(HttpServerRequest req, HttpServerResponse res) {
        String method = req.method().name();
        String path = new QueryStringDecoder(req.uri()).path();
        Mono<Void> answer = switch (routes.match(method, path)) {
            case ControlRoutes.Found<Handler> found -> Mono.defer(() -> found.handler().handle(req, res, found.variables()));
            case ControlRoutes.WrongMethod<Handler> wrong -> {
                String allowed = String.join(", ", wrong.allowed());
                res.header("Allow", allowed);
                yield error(res, HttpResponseStatus.METHOD_NOT_ALLOWED,
                        method + " is not allowed on " + path + "; allowed: " + allowed);
            }
            case ControlRoutes.NotFound<Handler> none -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("error", "no such path: " + path);
                body.put("routes", routes.describe());
                yield send(res, HttpResponseStatus.NOT_FOUND, body);
            }
        };
        return answer.onErrorResume(e -> {
            LOG.error("control API: {} {} failed", method, path, e);
            return error(res, HttpResponseStatus.INTERNAL_SERVER_ERROR,
                    method + " " + path + " failed: " + LocalClusterMain.rootMessage(e));
        });
    }

    private Mono<Void> act(HttpServerResponse res, String kind, String id, String action,
                           Consumer<String> start, Consumer<String> stop) {
        Consumer<String> operation = "start".equals(action) ? start : "stop".equals(action) ? stop : null;
        if (operation == null) {
            return error(res, HttpResponseStatus.BAD_REQUEST, "action must be start or stop, got '" + action + "'");
        }
        return Mono.fromCallable(() -> {
                    operation.accept(id);
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put(kind, id);
                    body.put("action", action);
                    body.put("done", true);
                    return body;
                })
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(body -> send(res, HttpResponseStatus.OK, body))
                .onErrorResume(LocalWorld.UnknownPartException.class,
                        e -> error(res, HttpResponseStatus.NOT_FOUND, e.getMessage()))
                .onErrorResume(IllegalStateException.class,
                        e -> error(res, HttpResponseStatus.CONFLICT, String.valueOf(e.getMessage())));
    }

    private Mono<Void> latency(HttpServerResponse res) {
        return send(res, HttpResponseStatus.OK, Map.of("emulatedRttMs", world.emulatedRtt()));
    }

    private Mono<Void> setLatency(HttpServerRequest req, HttpServerResponse res) {
        return req.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0]).flatMap(body -> {
            Map<String, Map<String, Double>> matrix;
            try {
                matrix = matrixBody.parse(body);
            } catch (IllegalArgumentException e) {
                return error(res, HttpResponseStatus.BAD_REQUEST, e.getMessage());
            }
            try {
                world.setEmulatedRtt(matrix);
            } catch (IllegalArgumentException e) {
                return error(res, HttpResponseStatus.BAD_REQUEST, RttMatrixBody.refused(e.getMessage()).getMessage());
            }
            return latency(res);
        });
    }

    private Mono<Void> error(HttpServerResponse res, HttpResponseStatus status, String message) {
        return send(res, status, Map.of("error", message));
    }

    private Mono<Void> send(HttpServerResponse res, HttpResponseStatus status, Object body) {
        byte[] bytes = json.writeValueAsBytes(body);
        return res.status(status).header("Content-Type", "application/json")
                .sendByteArray(Mono.just(bytes)).then();
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
