package dev.geocdn.gateway.fastpath;

import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.buffer.Unpooled;

import java.util.List;
import java.util.Set;

/**
 * The header fields a forwarded request and its response carry, as Spring Cloud Gateway's
 * header filters shape them on the other path: hop-by-hop fields (RFC 9110 section 7.6.1, and
 * those a {@code Connection} field names) stay on their hop; the client's {@code Forwarded}
 * and {@code X-Forwarded-*} fields are replaced by the chain this gateway computed; the Host
 * is kept, so the node's cache key names the public URL.
 */
final class ForwardFields {

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection",
            "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade");
    private static final Set<String> CLIENT_FORWARDED = Set.of("forwarded", "x-forwarded-for", "x-forwarded-host",
            "x-forwarded-proto", "x-forwarded-port", "x-forwarded-prefix");
    // made once: the factory is immutable
    private static final DefaultHttpHeadersFactory TRAILERS =
            DefaultHttpHeadersFactory.trailersFactory().withValidation(false);

    private ForwardFields() {
    }

    /**
     * The fields to send to a target: the client's end-to-end fields and {@code forwarded}. The
     * request's own fields are shaped in place: the fast path owns the request, and a copy per
     * request was measurable.
     */
    static HttpHeaders requestHeaders(HttpRequest request, List<String> forwarded) {
        HttpHeaders out = request.headers();
        removeHopByHop(out);
        for (String name : CLIENT_FORWARDED) {
            out.remove(name);
        }
        out.set("Forwarded", forwarded);
        return out;
    }

    static FullHttpRequest request(HttpMethod method, String target, HttpHeaders headers) {
        return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, target, Unpooled.EMPTY_BUFFER, headers,
                TRAILERS.newHeaders());
    }

    /**
     * Shapes a target's response for the client in place: its hop-by-hop fields removed, its
     * framing kept (a body delimited by the target closing the connection is sent chunked, as
     * the client's connection stays open), {@code Connection: close} when this is the client's
     * last response.
     */
    static void response(HttpResponse response, boolean head, boolean clientKeepAlive) {
        HttpHeaders headers = response.headers();
        boolean chunked = HttpUtil.isTransferEncodingChunked(response);
        removeHopByHop(headers);
        if (chunked) {
            headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        } else if (!head && !headers.contains(HttpHeaderNames.CONTENT_LENGTH) && mayHaveBody(response.status())) {
            headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        response.setProtocolVersion(HttpVersion.HTTP_1_1);
        if (!clientKeepAlive) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
    }

    private static boolean mayHaveBody(HttpResponseStatus status) {
        int code = status.code();
        return code >= 200 && code != 204 && code != 304;
    }

    /** Netty's header names compare ignoring case, so each removal is one lookup. */
    private static void removeHopByHop(HttpHeaders headers) {
        String connection = headers.get(HttpHeaderNames.CONNECTION);
        if (connection != null) {
            for (String value : headers.getAll(HttpHeaderNames.CONNECTION)) {
                for (String token : value.split(",")) {
                    headers.remove(token.trim());
                }
            }
        }
        for (String name : HOP_BY_HOP) {
            headers.remove(name);
        }
    }
}
