package dev.geocdn.gateway.proxy;

import dev.geocdn.gateway.latency.EmulatedRtt;
import dev.geocdn.gateway.metrics.GatewayMetrics;
import dev.geocdn.gateway.routing.geo.ClientInfo;
import dev.geocdn.gateway.routing.geo.Placement;
import dev.geocdn.gateway.routing.plan.Hop;
import dev.geocdn.protocol.http.CacheStatus;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's routing: places the client, plans the targets (owner node first, then the
 * next nodes by hash order, then the next-nearest regions) and forwards to the first target
 * that can be reached, through Spring Cloud Gateway's own Netty routing filter.
 *
 * <p>Failover: each attempt runs the rest of the filter chain (which forwards); a failure to
 * reach the target (see {@link FailoverErrors}) before anything was written to the client
 * resets the exchange and tries the next target, as Spring Cloud Gateway's retry filter does.
 * An open circuit skips its target without trying it. So a dead node costs a refused connect
 * (sub-millisecond on a LAN), once, before its breaker opens; the client sees no error.
 *
 * <p>Headers: the Host is kept as the client sent it and a {@code Forwarded} element names
 * the client's scheme (see {@link ForwardedHeaderFilter}), so that the node's cache key and
 * purges name the public URL. The response carries {@code X-Served-By: region/node} (from the
 * regional gateway when this is the global one), the node's {@code Cache-Status} with this
 * gateway's entry appended (RFC 9211: gateways do not cache, hence {@code fwd=bypass}), and
 * the client's region with the reason it was chosen.
 *
 * <p>Every request is counted in {@link GatewayMetrics}: its placement, each failover, and
 * where it was finally served.
 */
public final class RegionRoutingFilter implements GlobalFilter, Ordered {

    /** Right after Spring Cloud Gateway has resolved the route's URL, which this filter replaces. */
    public static final int ORDER = RouteToRequestUrlFilter.ROUTE_TO_URL_FILTER_ORDER + 1;
    /** The header naming the client's region and why. */
    public static final String CLIENT_REGION_HEADER = Attempts.CLIENT_REGION_HEADER;
    /** The header naming the region and node that answered. */
    public static final String SERVED_BY_HEADER = Attempts.SERVED_BY_HEADER;
    /** The header listing targets skipped before the one that answered, with why. */
    public static final String SKIPPED_HEADER = Attempts.SKIPPED_HEADER;

    private final Routing routing;
    private final CacheStatus ownStatus;
    private final TargetBreakers breakers;
    private final ClientInfoReader clients;
    private final EmulatedRtt emulatedRtt;
    private final GatewayMetrics metrics;
    private final AccessLog accessLog;

    public RegionRoutingFilter(Routing routing) {
        this.routing = routing;
        this.ownStatus = routing.ownStatus();
        this.breakers = routing.breakers();
        this.clients = routing.clients();
        this.emulatedRtt = routing.emulatedRtt();
        this.metrics = routing.metrics();
        this.accessLog = routing.accessLog();
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        long start = System.nanoTime();
        ServerHttpRequest request = exchange.getRequest();
        ClientInfo client = clients.read(request);
        Placement placement = routing.place(client);
        String scheme = clients.publicScheme(request, client);
        String key = scheme + "://" + hostOf(request) + request.getURI().getRawPath()
                + (request.getURI().getRawQuery() == null ? "" : "?" + request.getURI().getRawQuery());
        List<Hop> plan = routing.plan(placement, key);
        Attempts attempts = new Attempts(placement);
        exchange.getAttributes().put(ForwardedHeaderFilter.FORWARDED_ATTR, clients.forwarded(request, client, scheme));
        exchange.getAttributes().put(ServerWebExchangeUtils.PRESERVE_HOST_HEADER_ATTRIBUTE, true);
        exchange.getResponse().beforeCommit(() -> {
            HttpHeaders headers = exchange.getResponse().getHeaders();
            attempts.decorate(new Attempts.ResponseFields() {
                @Override
                public String joined(String name) {
                    List<String> values = headers.get(name);
                    return values == null ? null : String.join(", ", values);
                }

                @Override
                public void set(String name, String value) {
                    headers.set(name, value);
                }
            }, ownStatus);
            return Mono.empty();
        });
        Mono<Void> routed = plan.isEmpty()
                ? Mono.error(new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, "no healthy region can serve this request"))
                : attempt(exchange, chain, plan, 0, attempts);
        return routed.doFinally(signal -> finished(exchange, client, attempts, start, signal));
    }

    private Mono<Void> attempt(ServerWebExchange exchange, GatewayFilterChain chain, List<Hop> plan, int index,
                               Attempts attempts) {
        if (index >= plan.size()) {
            return Mono.error(exhausted(attempts));
        }
        Hop hop = plan.get(index);
        CircuitBreaker breaker = breakers.of(hop.target());
        if (!breaker.tryAcquirePermission()) {
            attempts.skipped(hop, "circuit open", false);
            return next(exchange, chain, plan, index, attempts, GatewayMetrics.FailoverReason.CIRCUIT_OPEN);
        }
        attempts.trying(hop);
        exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR, targetUrl(exchange, hop.base()));
        long begin = System.nanoTime();
        Duration delay = emulatedRtt.between(attempts.placement().region(), hop.region());
        Mono<Void> forward = delay.isZero() ? chain.filter(exchange) : Mono.delay(delay).then(chain.filter(exchange));
        return forward
                .doOnSuccess(v -> breaker.onSuccess(System.nanoTime() - begin, TimeUnit.NANOSECONDS))
                .doOnCancel(breaker::releasePermission)
                .onErrorResume(error -> {
                    FailoverErrors.Kind kind = FailoverErrors.classify(error);
                    if (kind == FailoverErrors.Kind.OTHER) {
                        breaker.onSuccess(System.nanoTime() - begin, TimeUnit.NANOSECONDS);
                        return Mono.error(error);
                    }
                    breaker.onError(System.nanoTime() - begin, TimeUnit.NANOSECONDS, error);
                    boolean timedOut = kind == FailoverErrors.Kind.MAYBE_SENT;
                    attempts.skipped(hop, Attempts.describe(error), timedOut);
                    boolean again = kind == FailoverErrors.Kind.NOT_SENT
                            || FailoverErrors.isIdempotent(exchange.getRequest().getMethod().name());
                    if (!again || exchange.getResponse().isCommitted()) {
                        return Mono.error(exhausted(attempts));
                    }
                    ServerWebExchangeUtils.reset(exchange);
                    return next(exchange, chain, plan, index, attempts, timedOut
                            ? GatewayMetrics.FailoverReason.NO_RESPONSE : GatewayMetrics.FailoverReason.CONNECT_FAILED);
                });
    }

    /** Moves on from {@code plan[index]} to the next target, counting the failover when there is one. */
    private Mono<Void> next(ServerWebExchange exchange, GatewayFilterChain chain, List<Hop> plan, int index,
                            Attempts attempts, GatewayMetrics.FailoverReason reason) {
        if (index + 1 < plan.size()) {
            metrics.failedOver(plan.get(index), plan.get(index + 1), reason);
        }
        return attempt(exchange, chain, plan, index + 1, attempts);
    }

    private static URI targetUrl(ServerWebExchange exchange, URI base) {
        URI uri = exchange.getRequest().getURI();
        return UriComponentsBuilder.fromUri(uri).scheme(base.getScheme()).host(base.getHost()).port(base.getPort())
                .build(true).toUri();
    }

    private static String hostOf(ServerHttpRequest request) {
        String host = request.getHeaders().getFirst(HttpHeaders.HOST);
        return host == null ? "" : host.toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Counts the request where it was served, and logs it: an error means no target answered; a
     * request its client abandoned counts where it had been sent.
     */
    private void finished(ServerWebExchange exchange, ClientInfo client, Attempts attempts, long start,
                          SignalType signal) {
        long nanos = System.nanoTime() - start;
        Hop served = signal == SignalType.ON_ERROR ? null : attempts.current();
        metrics.finished(attempts.placement().region(), served == null ? null : served.region(),
                attempts.passedOver(), nanos);
        if (accessLog.enabled()) {
            log(exchange, client, attempts, nanos);
        }
    }

    private void log(ServerWebExchange exchange, ClientInfo client, Attempts attempts, long nanos) {
        var status = exchange.getResponse().getStatusCode();
        Hop hop = attempts.current();
        accessLog.record(new AccessLog.Line(exchange.getRequest().getMethod().name(),
                exchange.getRequest().getURI().getRawPath(), status == null ? 0 : status.value(),
                client.clientAddress(), attempts.placement().region(), attempts.placement().source(),
                hop == null ? "-" : hop.region() + "/" + hop.target(), attempts.skippedCount(), nanos));
    }

    private static ResponseStatusException exhausted(Attempts attempts) {
        return new ResponseStatusException(HttpStatus.valueOf(attempts.exhaustedStatus()), attempts.exhaustedMessage());
    }
}
