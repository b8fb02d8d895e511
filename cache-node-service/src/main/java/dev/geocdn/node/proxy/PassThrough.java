package dev.geocdn.node.proxy;

import dev.geocdn.cache.freshness.UnsafeInvalidation;
import dev.geocdn.cache.http.Headers;
import dev.geocdn.cache.store.ResponseCache;
import dev.geocdn.node.origin.OriginClient;
import dev.geocdn.protocol.http.CacheStatus;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

import java.net.URI;

/**
 * Requests with methods other than GET and HEAD: relayed to the origin as they are (body
 * streamed both ways, framing kept), never stored; a successful unsafe request invalidates what
 * the cache holds for its target and the URLs its response names (RFC 9111 section 4.4).
 */
final class PassThrough {

    private final OriginClient origin;
    private final ResponseCache cache;
    private final ResponseWriter writer;
    private final String nodeId;

    PassThrough(OriginClient origin, ResponseCache cache, ResponseWriter writer, String nodeId) {
        this.origin = origin;
        this.cache = cache;
        this.writer = writer;
        this.nodeId = nodeId;
    }

    Mono<Void> pass(Exchange exchange, HttpServerResponse response, HttpServerRequest request) {
        ClientRequest client = exchange.request;
        exchange.result = Exchange.Result.PASS;
        exchange.cacheStatus = CacheStatus.forward(nodeId, CacheStatus.Fwd.METHOD);
        Headers upstream = UpstreamHeaders.forPass(client, nodeId);
        return origin.exchange(client.method(), client.pathAndQuery(), upstream, request.receive().retain(),
                        exchange.interim, (originResponse, body) -> {
                            int status = originResponse.status().code();
                            Headers headers = Filler.storedHeaders(originResponse.responseHeaders());
                            invalidateAfterUnsafe(client, status, headers);
                            exchange.cacheStatus = exchange.cacheStatus.withFwdStatus(status);
                            return writer.relay(exchange, response, status, headers,
                                    Filler.contentLength(originResponse.responseHeaders()), body.retain());
                        })
                .then()
                .onErrorResume(error -> {
                    exchange.result = Exchange.Result.ERROR;
                    OriginFailure failure = OriginFailure.of(error);
                    exchange.cacheStatus = exchange.cacheStatus.withDetail(failure.token());
                    return writer.error(exchange, response, failure.status(), failure.message());
                });
    }

    // RFC 9111 section 4.4
    private void invalidateAfterUnsafe(ClientRequest client, int status, Headers headers) {
        URI target;
        try {
            target = URI.create(client.cacheKey());
        } catch (IllegalArgumentException e) {
            if (status >= 200 && status < 400) {
                cache.invalidate(client.cacheKey());
            }
            return;
        }
        for (URI uri : UnsafeInvalidation.targets(client.method(), target, status, headers)) {
            cache.invalidate(ClientRequest.cacheKey(uri));
        }
    }
}
