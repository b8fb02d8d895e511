package dev.geocdn.gateway.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.geocdn.protocol.topology.Membership;
import dev.geocdn.protocol.topology.NodeStatus;
import dev.geocdn.protocol.topology.RegionStatus;
import dev.geocdn.protocol.topology.State;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;

/**
 * Stands in for the health service's membership stream ({@code GET /v1/membership/stream},
 * server-sent events) over a real socket: each subscriber gets the latest membership at once and
 * every one published after it, as gateways receive them from the health service.
 */
public final class MembershipStream implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Map<String, Membership.RegionSpec> topology;
    private final HttpServer server;
    private final List<OutputStream> subscribers = new ArrayList<>();
    private long version;
    private Membership latest;

    private MembershipStream(Map<String, Membership.RegionSpec> topology) throws IOException {
        this.topology = new TreeMap<>(topology);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/membership/stream", this::subscribe);
        publishDown();
        server.start();
    }

    /** A stream of {@code topology} with everything up. */
    public static MembershipStream start(Map<String, Membership.RegionSpec> topology) {
        try {
            return new MembershipStream(topology);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The base URL to give as {@code cdn.gateway.membership.health-service-url}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /**
     * Publishes a new membership in which the nodes named are down and all others up; a region
     * is down when none of its nodes is up, as the health service decides.
     */
    public synchronized void publishDown(String... nodes) {
        Set<String> down = Set.of(nodes);
        Instant now = Instant.now();
        List<RegionStatus> regions = topology.entrySet().stream().map(e -> {
            List<NodeStatus> members = e.getValue().nodes().stream().map(n -> new NodeStatus(n.id(), n.url(),
                    n.management(), down.contains(n.id()) ? State.DOWN : State.UP, "test", now)).toList();
            State state = members.stream().anyMatch(NodeStatus::isUp) ? State.UP : State.DOWN;
            return new RegionStatus(e.getKey(), e.getValue().gateway(), state, "test", now, members);
        }).toList();
        latest = new Membership(++version, now, regions);
        subscribers.removeIf(out -> !send(out, latest));
    }

    private synchronized void subscribe(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        if (send(out, latest)) {
            subscribers.add(out); // left open: later memberships follow on it
        }
    }

    private static boolean send(OutputStream out, Membership membership) {
        try {
            out.write(("event:membership\nid:" + membership.version() + "\ndata:" + JSON.writeValueAsString(membership)
                    + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public synchronized void close() {
        subscribers.forEach(out -> {
            try {
                out.close();
            } catch (IOException e) {
                // the gateway went first
            }
        });
        server.stop(0);
    }
}
