package dev.geocdn.local;

import io.netty.handler.codec.http.HttpResponseStatus;
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
 * Unknown parts answer 404, unknown actions and bad matrices 400, with a JSON error naming
 * what is known.
 * Stopping and starting block (a Spring context closes or starts), so they run off the event loop.
 */
public final class ControlApi implements AutoCloseable {

    private final LocalWorld world;
    private final JsonMapper json = JsonMapper.builder().build();
    private final DisposableServer server;

    public ControlApi(LocalWorld world, int port) {
        this.world = world;
        this.server = HttpServer.create().host("127.0.0.1").port(port)
                .route(routes -> routes
                        .get("/v1/world", (req, res) -> send(res, HttpResponseStatus.OK, world.state()))
                        .post("/v1/nodes/{id}/{action}", (req, res) -> act(req, res, "node", world::startNode, world::stopNode))
                        .post("/v1/regions/{id}/{action}", (req, res) -> act(req, res, "region", world::startRegion, world::stopRegion))
                        .post("/v1/origin/{action}", (req, res) -> act(req, res, "origin",
                                id -> world.startOrigin(), id -> world.stopOrigin()))
                        .get("/v1/latency", (req, res) -> latency(res))
                        .put("/v1/latency", this::setLatency)
                        .delete("/v1/latency", (req, res) -> {
                            world.setEmulatedRtt(Map.of());
                            return latency(res);
                        }))
                .bindNow();
    }

    public int port() {
        return server.port();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    private Mono<Void> act(HttpServerRequest req, HttpServerResponse res, String kind,
                           Consumer<String> start, Consumer<String> stop) {
        String id = req.param("id") == null ? "origin" : req.param("id");
        String action = req.param("action");
        Consumer<String> operation = "start".equals(action) ? start : "stop".equals(action) ? stop : null;
        if (operation == null) {
            return send(res, HttpResponseStatus.BAD_REQUEST, Map.of("error", "action must be start or stop, got '" + action + "'"));
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
                        e -> send(res, HttpResponseStatus.NOT_FOUND, Map.of("error", e.getMessage())))
                .onErrorResume(IllegalStateException.class,
                        e -> send(res, HttpResponseStatus.CONFLICT, Map.of("error", String.valueOf(e.getMessage()))));
    }

    private Mono<Void> latency(HttpServerResponse res) {
        return send(res, HttpResponseStatus.OK, Map.of("emulatedRttMs", world.emulatedRtt()));
    }

    private Mono<Void> setLatency(HttpServerRequest req, HttpServerResponse res) {
        return req.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0]).flatMap(body -> {
            Map<String, Map<String, Double>> matrix;
            try {
                matrix = json.readValue(body, new tools.jackson.core.type.TypeReference<>() { });
                if (matrix == null) {
                    throw new IllegalArgumentException("empty body");
                }
                matrix.forEach((from, row) -> {
                    if (row == null || row.containsValue(null)) {
                        throw new IllegalArgumentException("every RTT must be a number of milliseconds (" + from + ")");
                    }
                });
                world.setEmulatedRtt(matrix);
            } catch (tools.jackson.core.JacksonException | IllegalArgumentException e) {
                return send(res, HttpResponseStatus.BAD_REQUEST, Map.of("error",
                        "body must be a JSON matrix of RTT milliseconds, e.g. {\"us-west\": {\"eu-west\": 140}}: "
                                + e.getMessage()));
            }
            return latency(res);
        });
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
