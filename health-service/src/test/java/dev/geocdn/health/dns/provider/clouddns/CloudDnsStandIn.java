package dev.geocdn.health.dns.provider.clouddns;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * A local stand-in for the part of the Cloud DNS API (v1) the provider calls, in its wire
 * format (JSON): {@code GET /dns/v1/projects/{p}/managedZones/{z}/rrsets} (by name, paged) and
 * {@code POST .../changes}, errors as Google's {@code {"error": {code, message, errors}}}. The
 * zone's rules are {@link CloudDnsZone}'s.
 *
 * <p>With {@link #requireServiceAccount} it also checks credentials as Google would: every API
 * call needs a bearer token, either one this stand-in issued at {@code POST /token} (an OAuth 2
 * JWT-bearer grant, RFC 7523, whose assertion must be signed by the service account's key) or a
 * self-signed JWT of that key; otherwise 401. {@link #failNextRequests} makes it answer 500.
 */
final class CloudDnsStandIn implements AutoCloseable {

    private static final Pattern PATH = Pattern.compile("/dns/v1/projects/([^/]+)/managedZones/([^/]+)/(rrsets|changes)");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    final CloudDnsZone zone;
    final String project;
    final String managedZone;
    /** Every request as {@code METHOD /path?query}. */
    final List<String> requests = new CopyOnWriteArrayList<>();
    /** The Authorization header of every API request that was let through (null when none was sent). */
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    /** Record sets per rrsets.list page. */
    volatile int pageSize = 100;
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final Set<String> issuedTokens = ConcurrentHashMap.newKeySet();
    private volatile PublicKey serviceAccountKey;
    private volatile String serviceAccountEmail;
    private final HttpServer server;

    CloudDnsStandIn(String project, String managedZone, String dnsName) throws IOException {
        this.project = project;
        this.managedZone = managedZone;
        this.zone = new CloudDnsZone(dnsName);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The next {@code n} requests get a 500, as during a Cloud DNS incident. */
    void failNextRequests(int n) {
        failuresLeft.set(n);
    }

    /** From now on, API calls must be authenticated as this service account. */
    void requireServiceAccount(String email, PublicKey key) {
        this.serviceAccountEmail = email;
        this.serviceAccountKey = key;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                body = new GZIPInputStream(new ByteArrayInputStream(body)).readAllBytes();
            }
            URI uri = exchange.getRequestURI();
            requests.add(exchange.getRequestMethod() + " " + uri);
            try {
                if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    throw new CloudDnsZone.CloudDnsError(500, "backendError", "stand-in told to fail");
                }
                if (uri.getPath().equals("/token")) {
                    send(exchange, 200, token(form(new String(body, StandardCharsets.UTF_8))));
                    return;
                }
                authenticate(exchange.getRequestHeaders().getFirst("Authorization"));
                send(exchange, 200, api(exchange.getRequestMethod(), uri, body));
            } catch (CloudDnsZone.CloudDnsError e) {
                ObjectNode error = JSON.createObjectNode();
                ObjectNode inner = error.putObject("error").put("code", e.status).put("message", e.getMessage());
                inner.putArray("errors").addObject().put("domain", "global").put("reason", e.reason).put("message", e.getMessage());
                send(exchange, e.status, error);
            }
        }
    }

    private JsonNode api(String method, URI uri, byte[] body) {
        Matcher m = PATH.matcher(uri.getRawPath());
        if (!m.matches()) {
            throw new CloudDnsZone.CloudDnsError(404, "notFound", "no such API: " + method + " " + uri.getRawPath());
        }
        if (!m.group(1).equals(project) || !m.group(2).equals(managedZone)) {
            throw new CloudDnsZone.CloudDnsError(404, "notFound", "The 'parameters.managedZone' resource named '"
                    + m.group(2) + "' does not exist.");
        }
        if (m.group(3).equals("rrsets") && method.equals("GET")) {
            return list(query(uri));
        }
        if (m.group(3).equals("changes") && method.equals("POST")) {
            JsonNode change = JSON.readTree(body);
            zone.apply(change);
            ObjectNode done = (ObjectNode) change.deepCopy();
            return done.put("kind", "dns#change").put("id", String.valueOf(zone.changes().size())).put("status", "done")
                    .put("startTime", "2030-01-01T00:00:00.000Z");
        }
        throw new CloudDnsZone.CloudDnsError(405, "methodNotAllowed", method + " " + uri.getRawPath());
    }

    private JsonNode list(Map<String, String> query) {
        List<ObjectNode> all = zone.list(query.get("name"));
        int from = Integer.parseInt(query.getOrDefault("pageToken", "0"));
        int to = Math.min(all.size(), from + pageSize);
        ObjectNode response = JSON.createObjectNode().put("kind", "dns#resourceRecordSetsListResponse");
        if (to > from) { // like Cloud DNS, no "rrsets" at all when there are none
            ArrayNode rrsets = response.putArray("rrsets");
            all.subList(from, to).forEach(s -> rrsets.add(s.deepCopy().put("kind", "dns#resourceRecordSet")));
        }
        if (to < all.size()) {
            response.put("nextPageToken", String.valueOf(to));
        }
        return response;
    }

    private void authenticate(String authorization) {
        PublicKey key = serviceAccountKey;
        String token = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : "";
        if (key != null && !issuedTokens.contains(token) && !signedByServiceAccount(token, key)) {
            throw new CloudDnsZone.CloudDnsError(401, "authError", "Request had invalid authentication credentials.");
        }
        authorizations.add(String.valueOf(authorization));
    }

    /** The OAuth 2 token endpoint: a JWT-bearer grant (RFC 7523) signed by the service account. */
    private JsonNode token(Map<String, String> form) {
        PublicKey key = serviceAccountKey;
        if (key == null || !"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(form.get("grant_type"))
                || !signedByServiceAccount(form.getOrDefault("assertion", ""), key)) {
            throw new CloudDnsZone.CloudDnsError(400, "invalid_grant", "Invalid JWT Signature.");
        }
        String token = "ya29.stand-in-" + issuedTokens.size();
        issuedTokens.add(token);
        return JSON.createObjectNode().put("access_token", token).put("expires_in", 3600).put("token_type", "Bearer");
    }

    /** Whether {@code jwt} is an RS256 JWT signed by {@code key} and issued by the service account. */
    private boolean signedByServiceAccount(String jwt, PublicKey key) {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            return false;
        }
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initVerify(key);
            rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            return rsa.verify(Base64.getUrlDecoder().decode(parts[2]))
                    && serviceAccountEmail.equals(claims.path("iss").asString());
        } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static Map<String, String> query(URI uri) {
        return form(uri.getRawQuery() == null ? "" : uri.getRawQuery());
    }

    private static Map<String, String> form(String encoded) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : encoded.split("&")) {
            if (!pair.isEmpty()) {
                String[] kv = pair.split("=", 2);
                params.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return params;
    }

    private static void send(HttpExchange exchange, int status, JsonNode json) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(json);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
