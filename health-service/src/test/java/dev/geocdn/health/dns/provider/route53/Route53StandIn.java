package dev.geocdn.health.dns.provider.route53;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.geocdn.health.dns.GeoDnsAnswers;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for the part of the Route 53 API the provider calls, in Route 53's wire
 * format (REST-XML, namespace {@value #NS}): ListResourceRecordSets and ChangeResourceRecordSets
 * at {@code /2013-04-01/hostedzone/{id}/rrset}, CreateHealthCheck and ListHealthChecks at
 * {@code /2013-04-01/healthcheck}. Every request must carry a valid SigV4 signature for
 * {@code us-east-1/route53} with the stand-in's key; errors come back in Route 53's shapes
 * ({@code ErrorResponse}, and {@code InvalidChangeBatch} with its list of messages). The zone's
 * rules are {@link Route53Zone}'s. {@link #failNextRequests} makes it answer 500 for a while.
 */
final class Route53StandIn implements AutoCloseable {

    static final String NS = "https://route53.amazonaws.com/doc/2013-04-01/";
    static final String ACCESS_KEY_ID = "AKIDGEOCDNSTANDIN";
    static final String SECRET_ACCESS_KEY = "stand-in/secret/KEY";
    private static final Pattern RRSET = Pattern.compile("/2013-04-01/hostedzone/([^/]+)/rrset/?");

    final Route53Zone zone;
    final String zoneId;
    /** The Authorization header of every request that passed the signature check. */
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    /** Every request as {@code METHOD /path?query}. */
    final List<String> requests = new CopyOnWriteArrayList<>();
    /** Record sets per ListResourceRecordSets page (Route 53's default and maximum is 300). */
    volatile int pageSize = 300;
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final SigV4Verifier signatures = new SigV4Verifier(ACCESS_KEY_ID, SECRET_ACCESS_KEY, "us-east-1", "route53");
    private final HttpServer server;

    Route53StandIn(String zoneId, String zoneName) throws IOException {
        this.zoneId = zoneId;
        this.zone = new Route53Zone(zoneName);
        zone.editByHand(List.of(
                new Route53Zone.RecordSet(zoneName, "NS", null, null, null, 172800L, List.of("ns-1.awsdns-01.org."), null),
                new Route53Zone.RecordSet(zoneName, "SOA", null, null, null, 900L,
                        List.of("ns-1.awsdns-01.org. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400"), null)), List.of());
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The next {@code n} requests get a 500 InternalFailure, as during a Route 53 incident. */
    void failNextRequests(int n) {
        failuresLeft.set(n);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            URI uri = exchange.getRequestURI();
            String method = exchange.getRequestMethod();
            requests.add(method + " " + uri);
            try {
                if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    throw new Route53Zone.Route53Error(500, "InternalFailure", List.of("stand-in told to fail"));
                }
                Optional<SigV4Verifier.Rejection> rejection = signatures.problem(method, uri.getRawPath(), uri.getRawQuery(),
                        exchange.getRequestHeaders(), body);
                if (rejection.isPresent()) {
                    throw new Route53Zone.Route53Error(403, rejection.get().code(), List.of(rejection.get().message()));
                }
                authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
                route(exchange, method, uri, body);
            } catch (Route53Zone.Route53Error e) {
                sendError(exchange, e);
            }
        }
    }

    private void route(HttpExchange exchange, String method, URI uri, byte[] body) throws IOException {
        Matcher rrset = RRSET.matcher(uri.getRawPath());
        if (rrset.matches()) {
            if (!rrset.group(1).equals(zoneId)) {
                throw new Route53Zone.Route53Error(404, "NoSuchHostedZone", List.of("No hosted zone found with ID: " + rrset.group(1)));
            }
            switch (method) {
                case "GET" -> send(exchange, 200, listRecordSets(query(uri)));
                case "POST" -> send(exchange, 200, changeRecordSets(parse(body)));
                default -> throw new Route53Zone.Route53Error(405, "MethodNotAllowed", List.of(method));
            }
        } else if (uri.getRawPath().equals("/2013-04-01/healthcheck")) {
            switch (method) {
                case "POST" -> createHealthCheck(exchange, parse(body));
                case "GET" -> send(exchange, 200, listHealthChecks());
                default -> throw new Route53Zone.Route53Error(405, "MethodNotAllowed", List.of(method));
            }
        } else {
            throw new Route53Zone.Route53Error(404, "UnknownOperationException", List.of(method + " " + uri.getRawPath()));
        }
    }

    private String listRecordSets(Map<String, String> query) {
        String name = query.containsKey("name") ? GeoDnsAnswers.canonical(query.get("name")) : "";
        int max = Math.min(pageSize, Integer.parseInt(query.getOrDefault("maxitems", "300")));
        Route53Zone.Page page = zone.list(new Route53Zone.Key(name, query.getOrDefault("type", ""),
                query.getOrDefault("identifier", "")), max);
        StringBuilder xml = new StringBuilder("<ListResourceRecordSetsResponse xmlns=\"" + NS + "\"><ResourceRecordSets>");
        page.sets().forEach(s -> xml.append(recordSet(s)));
        xml.append("</ResourceRecordSets><IsTruncated>").append(page.next() != null).append("</IsTruncated>");
        if (page.next() != null) {
            xml.append(element("NextRecordName", page.next().name())).append(element("NextRecordType", page.next().type()));
            if (!page.next().setIdentifier().isEmpty()) {
                xml.append(element("NextRecordIdentifier", page.next().setIdentifier()));
            }
        }
        return xml.append(element("MaxItems", String.valueOf(max))).append("</ListResourceRecordSetsResponse>").toString();
    }

    private String changeRecordSets(Element request) {
        Element batch = child(request, "ChangeBatch");
        List<Route53Zone.Change> changes = new ArrayList<>();
        for (Element change : children(child(batch, "Changes"), "Change")) {
            Element set = child(change, "ResourceRecordSet");
            List<String> values = new ArrayList<>();
            Element records = child(set, "ResourceRecords");
            if (records != null) {
                children(records, "ResourceRecord").forEach(r -> values.add(text(r, "Value")));
            }
            String ttl = text(set, "TTL");
            changes.add(new Route53Zone.Change(text(change, "Action"), new Route53Zone.RecordSet(
                    GeoDnsAnswers.canonical(text(set, "Name")), text(set, "Type"), text(set, "SetIdentifier"),
                    text(set, "Region"), text(set, "Failover"), ttl == null ? null : Long.parseLong(ttl), values,
                    text(set, "HealthCheckId"))));
        }
        zone.apply(changes);
        return "<ChangeResourceRecordSetsResponse xmlns=\"" + NS + "\"><ChangeInfo>"
                + element("Id", "/change/C" + zone.batches().size()) + element("Status", "PENDING")
                + element("SubmittedAt", "2030-01-01T00:00:00.000Z") + element("Comment", text(batch, "Comment"))
                + "</ChangeInfo></ChangeResourceRecordSetsResponse>";
    }

    private void createHealthCheck(HttpExchange exchange, Element request) throws IOException {
        Map<String, String> config = new LinkedHashMap<>();
        children(child(request, "HealthCheckConfig"), null).forEach(e -> config.put(e.getLocalName(), e.getTextContent()));
        Route53Zone.HealthCheck check = zone.createHealthCheck(text(request, "CallerReference"), config);
        exchange.getResponseHeaders().add("Location", endpoint() + "/2013-04-01/healthcheck/" + check.id());
        send(exchange, 201, "<CreateHealthCheckResponse xmlns=\"" + NS + "\">" + healthCheck(check) + "</CreateHealthCheckResponse>");
    }

    private String listHealthChecks() {
        StringBuilder xml = new StringBuilder("<ListHealthChecksResponse xmlns=\"" + NS + "\"><HealthChecks>");
        zone.healthChecks().forEach(c -> xml.append(healthCheck(c)));
        return xml.append("</HealthChecks><Marker></Marker><IsTruncated>false</IsTruncated><MaxItems>100</MaxItems>")
                .append("</ListHealthChecksResponse>").toString();
    }

    private static String healthCheck(Route53Zone.HealthCheck check) {
        StringBuilder config = new StringBuilder();
        check.config().forEach((k, v) -> config.append(element(k, v)));
        return "<HealthCheck>" + element("Id", check.id()) + element("CallerReference", check.callerReference())
                + "<HealthCheckConfig>" + config + "</HealthCheckConfig><HealthCheckVersion>1</HealthCheckVersion></HealthCheck>";
    }

    private static String recordSet(Route53Zone.RecordSet s) {
        StringBuilder values = new StringBuilder();
        s.values().forEach(v -> values.append("<ResourceRecord>").append(element("Value", v)).append("</ResourceRecord>"));
        return "<ResourceRecordSet>" + element("Name", s.name()) + element("Type", s.type())
                + element("SetIdentifier", s.setIdentifier()) + element("Region", s.region()) + element("Failover", s.failover())
                + element("TTL", s.ttl() == null ? null : s.ttl().toString())
                + "<ResourceRecords>" + values + "</ResourceRecords>" + element("HealthCheckId", s.healthCheckId())
                + "</ResourceRecordSet>";
    }

    private static void sendError(HttpExchange exchange, Route53Zone.Route53Error e) throws IOException {
        String requestId = UUID.randomUUID().toString();
        if (e.code.equals("InvalidChangeBatch")) { // Route 53's own shape for this one error
            StringBuilder messages = new StringBuilder();
            e.messages.forEach(m -> messages.append(element("Message", m)));
            send(exchange, e.status, "<InvalidChangeBatch xmlns=\"" + NS + "\"><Messages>" + messages + "</Messages>"
                    + element("RequestId", requestId) + "</InvalidChangeBatch>");
            return;
        }
        send(exchange, e.status, "<ErrorResponse xmlns=\"" + NS + "\"><Error>"
                + element("Type", e.status >= 500 ? "Receiver" : "Sender") + element("Code", e.code)
                + element("Message", String.join("; ", e.messages)) + "</Error>" + element("RequestId", requestId)
                + "</ErrorResponse>");
    }

    private static void send(HttpExchange exchange, int status, String xml) throws IOException {
        byte[] bytes = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + xml).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/xml");
        exchange.getResponseHeaders().add("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static String element(String name, String value) {
        if (value == null) {
            return "";
        }
        String escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return "<" + name + ">" + escaped + "</" + name + ">";
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> params = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                params.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return params;
    }

    private static Element parse(byte[] body) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            Element root = factory.newDocumentBuilder().parse(new ByteArrayInputStream(body)).getDocumentElement();
            if (!NS.equals(root.getNamespaceURI())) {
                throw new Route53Zone.Route53Error(400, "InvalidInput", List.of("wrong namespace " + root.getNamespaceURI()));
            }
            return root;
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new Route53Zone.Route53Error(400, "InvalidInput", List.of("malformed XML: " + e.getMessage()));
        }
    }

    /** The direct children of {@code parent} named {@code name} (any name when null). */
    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && (name == null || name.equals(e.getLocalName()))) {
                out.add(e);
            }
        }
        return out;
    }

    private static Element child(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.getFirst();
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
