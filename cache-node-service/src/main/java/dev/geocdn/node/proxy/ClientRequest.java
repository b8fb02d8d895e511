package dev.geocdn.node.proxy;

import dev.geocdn.node.shield.TierFields;

import dev.geocdn.protocol.http.Forwarded;

import dev.geocdn.cache.http.Headers;
import io.netty.handler.codec.http.HttpHeaders;
import reactor.netty.http.server.HttpServerRequest;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A client request as the node sees it: method, the public URL's parts and the cache key.
 *
 * <p>The cache key is scheme + host + path + query (docs/architecture.md, "A GET"), so that keys and
 * purges name the URL clients use. The scheme comes from {@code X-Forwarded-Proto} or
 * {@code Forwarded: proto=} when a trusted proxy (the gateway, a TLS terminator) sent them, else
 * {@code http}.
 *
 * @param method       the request method, upper case
 * @param scheme       http or https
 * @param host         the Host, lower-cased, default port removed
 * @param pathAndQuery the request target in origin-form
 * @param headers      the request fields
 * @param remoteAddress the client's address, for Forwarded
 */
public record ClientRequest(String method, String scheme, String host, String pathAndQuery,
                            Headers headers, String remoteAddress) {

    /** The primary cache key. */
    public String cacheKey() {
        return scheme + "://" + host + pathAndQuery;
    }

    /** The primary cache key of an absolute URI, normalized as {@link #from} normalizes requests. */
    public static String cacheKey(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String authority = uri.getRawAuthority() == null ? "" : normalizeHost(uri.getRawAuthority(), scheme);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return scheme + "://" + authority + path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    /** This request with {@code headers} instead of its own fields. */
    public ClientRequest withHeaders(Headers headers) {
        return new ClientRequest(method, scheme, host, pathAndQuery, headers, remoteAddress);
    }

    /** Whether this is a HEAD request. */
    public boolean isHead() {
        return method.equals("HEAD");
    }

    /**
     * Reads a request; throws {@link BadRequestException} for a request that cannot be served
     * (no Host, a target that is not origin-form). The {@code overrides} fields are dropped here,
     * so no later step can send them on.
     */
    public static ClientRequest from(HttpServerRequest request, TrustedProxies trusted, OverrideFields overrides) {
        String target = request.uri();
        if (target.isEmpty() || target.charAt(0) != '/') {
            // absolute-form is allowed by RFC 9112 section 3.2.2; take its path
            if (target.startsWith("http://") || target.startsWith("https://")) {
                int slash = target.indexOf('/', target.indexOf("//") + 2);
                target = slash < 0 ? "/" : target.substring(slash);
            } else {
                throw new BadRequestException("request target must be origin-form: " + abbreviate(target));
            }
        }
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                throw new BadRequestException("request target contains an invalid character");
            }
        }
        HttpHeaders nettyHeaders = request.requestHeaders();
        String host = nettyHeaders.get("Host");
        if (host == null || host.isBlank() || nettyHeaders.getAll("Host").size() > 1) {
            throw new BadRequestException("exactly one Host header is required");
        }
        Headers.Builder builder = Headers.EMPTY.newBuilder();
        for (Map.Entry<String, String> e : nettyHeaders) {
            builder.add(e.getKey(), e.getValue());
        }
        Headers headers = overrides.strip(builder.build());
        boolean trustedPeer = trusted.trusts(request.remoteAddress());
        if (!trustedPeer && headers.contains(TierFields.TIER)) {
            headers = headers.newBuilder().removeAll(TierFields.TIER).build(); // only the CDN's own nodes are a tier
        }
        String scheme = trustedPeer ? scheme(headers) : "http";
        String remote = request.remoteAddress() == null ? "unknown" : request.remoteAddress().getAddress().getHostAddress();
        return new ClientRequest(request.method().name(), scheme, normalizeHost(host, scheme), target, headers, remote);
    }

    private static String scheme(Headers headers) {
        return scheme(headers.get("X-Forwarded-Proto"), headers.get("Forwarded"));
    }

    /** The client's scheme from the proxy headers (the first Forwarded element's proto), else http. */
    static String scheme(String xForwardedProto, String forwarded) {
        String proto = xForwardedProto;
        if (proto == null && forwarded != null) {
            proto = Forwarded.first(List.of(forwarded), "proto").orElse(null);
        }
        return proto != null && proto.strip().equalsIgnoreCase("https") ? "https" : "http";
    }

    static String normalizeHost(String host, String scheme) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (scheme.equals("http") && h.endsWith(":80")) {
            return h.substring(0, h.length() - 3);
        }
        if (scheme.equals("https") && h.endsWith(":443")) {
            return h.substring(0, h.length() - 4);
        }
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            if (c <= ' ' || c == '/' || c == '@' || c >= 0x7f) {
                throw new BadRequestException("invalid Host header");
            }
        }
        return h;
    }

    private static String abbreviate(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }
}
