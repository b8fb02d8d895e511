package dev.geocdn.node.origin;

import dev.geocdn.cache.http.Headers;
import dev.geocdn.node.config.NodeProperties;
import dev.geocdn.tracing.HopTracing;
import dev.geocdn.tracing.HttpSpans;
import io.micrometer.tracing.Span;
import io.netty.handler.codec.http.HttpHeaders;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import dev.geocdn.edge.http.InterimResponses;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.NettyPipeline;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The connection to one origin: a pooled Reactor Netty client behind a Resilience4j circuit
 * breaker.
 *
 * <p>Failure model: refused connections, timeouts and 5xx answers count as failures; when they
 * pass the configured rate the circuit opens and requests fail at once with
 * {@link CallNotPermittedException} instead of queueing on a dead origin. The caller decides
 * what a failure means for the client (stale-if-error or an error status).
 */
public final class OriginClient {

    private final HttpClient client;
    private final URI base;
    private final String prefix;
    private final String hostHeader;
    private final CircuitBreaker breaker;
    private final ConnectionProvider pool;
    /** Whether the Host field comes with each request (a CDN tier keyed by the client's host) rather than from the config. */
    private final boolean forwardHost;
    private final HopTracing tracing;

    public OriginClient(NodeProperties.Origin config) {
        this(config, "origin", false, null, HopTracing.off());
    }

    /**
     * @param name        the connection pool's and the breaker's name
     * @param forwardHost send the {@code Host} each request's fields carry (another node of the
     *                    CDN, which keys what it stores by the client's host) instead of the
     *                    configured one
     * @param loops       the event loops to run on: the node's own, which its server runs on (one
     *                    process, one set of loops); null for Reactor Netty's global ones
     * @param tracing     makes a CLIENT span of each request whose fields carry a trace context
     */
    public OriginClient(NodeProperties.Origin config, String name, boolean forwardHost, LoopResources loops,
                        HopTracing tracing) {
        this.forwardHost = forwardHost;
        this.tracing = tracing;
        this.base = config.url();
        String scheme = base.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme) || base.getHost() == null) {
            throw new IllegalArgumentException("cdn.origin.url must be an absolute http or https URL: " + base);
        }
        String basePath = base.getRawPath() == null ? "" : base.getRawPath();
        this.prefix = scheme.toLowerCase(java.util.Locale.ROOT) + "://" + hostOf(base)
                + (basePath.endsWith("/") ? basePath.substring(0, basePath.length() - 1) : basePath);
        this.hostHeader = config.hostHeader().isBlank() ? hostOf(base) : config.hostHeader();
        this.pool = ConnectionProvider.builder(name)
                .maxConnections(config.maxConnections())
                .pendingAcquireMaxCount(config.maxConnections() * 8)
                .pendingAcquireTimeout(config.connectTimeout().plus(config.responseTimeout()))
                .maxIdleTime(Duration.ofSeconds(30))
                .build();
        HttpClient http = HttpClient.create(pool);
        if (loops != null) {
            http = http.runOn(loops);
        }
        http = http
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis())
                .responseTimeout(config.responseTimeout())
                .keepAlive(true)
                .compress(false)
                // interim responses (103, 102, 100) come before the final one and are not it
                .doOnChannelInit((observer, channel, address) ->
                        InterimResponses.install(channel.pipeline(), NettyPipeline.HttpCodec));
        if ("https".equalsIgnoreCase(scheme)) {
            http = config.insecureTls()
                    ? http.secure(ssl -> ssl.sslContext(insecureContext()))
                    : http.secure();
        }
        this.client = http;
        NodeProperties.Breaker b = config.breaker();
        this.breaker = CircuitBreaker.of(name, CircuitBreakerConfig.custom()
                .failureRateThreshold(b.failureRateThreshold())
                .slidingWindowSize(b.slidingWindowSize())
                .minimumNumberOfCalls(b.minimumCalls())
                .waitDurationInOpenState(b.openDuration())
                .permittedNumberOfCallsInHalfOpenState(2)
                .build());
    }

    private static io.netty.handler.ssl.SslContext insecureContext() {
        try {
            return io.netty.handler.ssl.SslContextBuilder.forClient()
                    .trustManager(InsecureTrustManagerFactory.INSTANCE).build();
        } catch (javax.net.ssl.SSLException e) {
            throw new IllegalStateException("cannot build TLS context", e);
        }
    }

    private static String hostOf(URI uri) {
        return uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    }

    /** The circuit breaker, for metrics and tests. */
    public CircuitBreaker breaker() {
        return breaker;
    }

    /**
     * Sends {@code method pathAndQuery} with {@code headers} (Host is set here) and hands the
     * final response's head and body to {@code handler}, whose publisher must consume the body.
     * Interim responses the origin sends first go to {@code interim}, never to {@code handler}.
     * Fails with {@link CallNotPermittedException} when the circuit is open.
     *
     * @param interim told of each interim response head before the final response, or null
     */
    public <T> Flux<T> exchange(String method, String pathAndQuery, Headers headers, Publisher<ByteBuf> requestBody,
                                Consumer<HttpResponse> interim,
                                BiFunction<HttpClientResponse, ByteBufFlux, Publisher<T>> handler) {
        return Flux.defer(() -> {
            if (!breaker.tryAcquirePermission()) {
                return Flux.error(CallNotPermittedException.createCallNotPermittedException(breaker));
            }
            long start = System.nanoTime();
            Span span = span(method, pathAndQuery, headers);
            int[] status = new int[1];
            return client
                    .headers(h -> {
                        headers.forEach(h::add);
                        if (!forwardHost || !h.contains("Host")) {
                            h.set("Host", hostHeader);
                        }
                        tracing.inject(span, h, HttpHeaders::set);
                    })
                    .request(HttpMethod.valueOf(method))
                    .uri(prefix + pathAndQuery)
                    .send((request, outbound) -> {
                        // set before the request head is written: a fast origin's 103 can arrive
                        // before any callback that runs once the request is sent
                        outbound.withConnection(connection -> InterimResponses.listen(connection.channel(), interim));
                        return outbound.send(requestBody == null ? Mono.empty() : requestBody);
                    })
                    .response((response, body) -> {
                        long elapsed = System.nanoTime() - start;
                        status[0] = response.status().code();
                        if (status[0] >= 500) {
                            breaker.onError(elapsed, TimeUnit.NANOSECONDS, new OriginStatusException(status[0]));
                        } else {
                            breaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
                        }
                        return handler.apply(response, body);
                    })
                    .doOnError(error -> {
                        if (!(error instanceof OriginStatusException)) {
                            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, error);
                        }
                        HttpSpans.failed(span, error);
                    })
                    .doOnComplete(() -> HttpSpans.end(span, status[0], false))
                    .doOnCancel(() -> HttpSpans.end(span, status[0], false));
        });
    }

    /**
     * The CLIENT span of one request, under the span whose context {@code headers} carry (the
     * client request's, set by the node's data plane); no span for the node's own background
     * requests, which carry none.
     */
    private Span span(String method, String pathAndQuery, Headers headers) {
        Span span = tracing.clientOf(headers, Headers::get, method);
        if (!span.isNoop()) {
            span.tag(HttpSpans.HTTP_REQUEST_METHOD, method);
            span.tag(HttpSpans.URL_FULL, prefix + pathAndQuery);
            span.tag(HttpSpans.SERVER_ADDRESS, base.getHost());
            span.tag(HttpSpans.SERVER_PORT, base.getPort() > 0 ? base.getPort()
                    : "https".equalsIgnoreCase(base.getScheme()) ? 443 : 80);
            span.tag(HttpSpans.GEOCDN_UPSTREAM, forwardHost ? "node" : "origin");
        }
        return span;
    }

    /** Releases the connection pool. */
    public void close() {
        pool.dispose();
    }

    /** A 5xx from the origin, recorded as a breaker failure. */
    static final class OriginStatusException extends RuntimeException {
        OriginStatusException(int status) {
            super("origin answered " + status, null, false, false);
        }
    }
}
