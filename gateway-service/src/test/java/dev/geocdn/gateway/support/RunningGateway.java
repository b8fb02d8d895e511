package dev.geocdn.gateway.support;

import dev.geocdn.gateway.GatewayApplication;
import dev.geocdn.protocol.topology.Membership;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.awaitility.Awaitility.await;

/**
 * A gateway run as its jar runs it, on ephemeral loopback ports, and HTTP/1.1 clients for it:
 * from 127.0.0.1 or from any other loopback address (127.0.1.1 is a different client to a CIDR
 * table), and for its management port.
 */
public final class RunningGateway implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();

    private RunningGateway(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Starts a gateway with {@code args} ({@code --cdn.gateway...}) besides its ports. */
    public static RunningGateway start(List<String> args) {
        List<String> all = new ArrayList<>(List.of("--server.address=127.0.0.1", "--server.port=0",
                "--management.server.port=0", "--spring.main.banner-mode=off"));
        all.addAll(args);
        return new RunningGateway(new SpringApplicationBuilder(GatewayApplication.class).run(all.toArray(String[]::new)));
    }

    /** {@code --cdn.gateway.regions...} arguments naming each region's gateway and nodes. */
    public static List<String> regionArgs(Map<String, Membership.RegionSpec> regions) {
        List<String> args = new ArrayList<>();
        regions.forEach((name, spec) -> {
            String prefix = "--cdn.gateway.regions." + name;
            if (spec.gateway() != null) {
                args.add(prefix + ".gateway=" + spec.gateway());
            }
            for (int i = 0; i < spec.nodes().size(); i++) {
                args.add(prefix + ".nodes[" + i + "].id=" + spec.nodes().get(i).id());
                args.add(prefix + ".nodes[" + i + "].url=" + spec.nodes().get(i).url());
            }
        });
        return args;
    }

    /** A loopback port nothing listens on: a dead node or gateway. */
    public static int closedPort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public int managementPort() {
        return Integer.parseInt(context.getEnvironment().getProperty("local.management.port"));
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** A GET of {@code path} from 127.0.0.1; {@code headers} are name, value pairs. */
    public HttpResponse<String> get(String path, String... headers) {
        return getFrom("127.0.0.1", path, headers);
    }

    /** A GET of {@code path} from the local address {@code client}. */
    public HttpResponse<String> getFrom(String client, String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .timeout(Duration.ofSeconds(10)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(clients.computeIfAbsent(client, RunningGateway::clientFrom), request.build());
    }

    /** A GET of {@code path} on the management port. */
    public HttpResponse<String> management(String path) {
        return send(clients.computeIfAbsent("127.0.0.1", RunningGateway::clientFrom),
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort() + path))
                        .timeout(Duration.ofSeconds(10)).GET().build());
    }

    /** The metrics as Prometheus scrapes them now. */
    public Scrape scrape() {
        HttpResponse<String> response = management("/actuator/prometheus");
        if (response.statusCode() != 200) {
            throw new AssertionError("/actuator/prometheus answered " + response.statusCode());
        }
        return new Scrape(response.body());
    }

    /**
     * The metrics once {@code requests} more requests than {@code before} saw are counted: a
     * request is counted when its exchange ends, which its client may see a moment earlier.
     */
    public Scrape scrapeAfter(Scrape before, int requests) {
        return await("" + requests + " requests counted").atMost(Duration.ofSeconds(10))
                .until(this::scrape, s -> s.increase(before, "geocdn_gateway_requests_total") >= requests);
    }

    private static HttpClient clientFrom(String address) {
        try {
            return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                    .localAddress(InetAddress.getByName(address)).build();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(address, e);
        }
    }

    /** The response; a failure to get one (each request has a timeout) fails the test. */
    private static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).join();
    }

    @Override
    public void close() {
        context.close();
        clients.values().forEach(HttpClient::close);
    }
}
