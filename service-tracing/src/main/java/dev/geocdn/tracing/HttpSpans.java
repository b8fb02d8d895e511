package dev.geocdn.tracing;

import io.micrometer.tracing.Span;

/**
 * The attribute names of OpenTelemetry's HTTP, URL, network and database semantic conventions
 * (stable since semconv 1.23; database 1.33) that GeoCDN's spans carry, and GeoCDN's own, under
 * {@code geocdn.}. Names only: what a span means is said where it is made.
 */
public final class HttpSpans {

    /** The W3C Trace Context field (www.w3.org/TR/trace-context). */
    public static final String TRACEPARENT = "traceparent";

    public static final String HTTP_REQUEST_METHOD = "http.request.method";
    public static final String HTTP_RESPONSE_STATUS_CODE = "http.response.status_code";
    /** How many times this request was sent before, to another target of the same hop. */
    public static final String HTTP_REQUEST_RESEND_COUNT = "http.request.resend_count";
    public static final String URL_PATH = "url.path";
    public static final String URL_QUERY = "url.query";
    public static final String URL_SCHEME = "url.scheme";
    public static final String URL_FULL = "url.full";
    public static final String SERVER_ADDRESS = "server.address";
    public static final String SERVER_PORT = "server.port";
    public static final String CLIENT_ADDRESS = "client.address";
    public static final String NETWORK_PROTOCOL_VERSION = "network.protocol.version";
    public static final String ERROR_TYPE = "error.type";
    public static final String DB_SYSTEM_NAME = "db.system.name";
    public static final String DB_OPERATION_NAME = "db.operation.name";

    /** The cache's answer, as the node's request metrics name it (hit, miss, collapsed, ...). */
    public static final String GEOCDN_CACHE_RESULT = "geocdn.cache.result";
    /** The region a gateway placed the client in, or a node serves. */
    public static final String GEOCDN_REGION = "geocdn.region";
    /** The node that answered. */
    public static final String GEOCDN_NODE = "geocdn.node";
    /** What an upstream request is: the origin, a parent region's node, a sibling region's node. */
    public static final String GEOCDN_UPSTREAM = "geocdn.upstream";

    private HttpSpans() {
    }

    /**
     * Tags the request side of an HTTP server span: method, scheme, path and query of the target
     * ({@code url.query} only when there is one), and the protocol version.
     */
    public static void request(Span span, String method, String scheme, String target) {
        if (span.isNoop()) {
            return;
        }
        span.tag(HTTP_REQUEST_METHOD, method);
        span.tag(URL_SCHEME, scheme);
        int query = target.indexOf('?');
        span.tag(URL_PATH, query < 0 ? target : target.substring(0, query));
        if (query >= 0) {
            span.tag(URL_QUERY, target.substring(query + 1));
        }
        span.tag(NETWORK_PROTOCOL_VERSION, "1.1");
    }

    /**
     * Ends an HTTP span with its response status. As the conventions say, a 5xx is an error on
     * both sides and a 4xx on the client's only; {@code error.type} is the status code then.
     */
    public static void end(Span span, int status, boolean server) {
        if (span.isNoop()) {
            return;
        }
        if (status > 0) {
            span.tag(HTTP_RESPONSE_STATUS_CODE, status);
            if (status >= 500 || (!server && status >= 400)) {
                span.tag(ERROR_TYPE, Integer.toString(status));
                span.error(new HttpStatusError(status));
            }
        }
        span.end();
    }

    /** Ends an HTTP span whose request got no response, naming the failure's type. */
    public static void failed(Span span, Throwable cause) {
        if (span.isNoop()) {
            return;
        }
        span.tag(ERROR_TYPE, cause.getClass().getName());
        span.error(cause);
        span.end();
    }

    /** A response status taken as an error, recorded on the span without a stack trace. */
    private static final class HttpStatusError extends RuntimeException {
        HttpStatusError(int status) {
            super("HTTP " + status, null, false, false);
        }
    }
}
