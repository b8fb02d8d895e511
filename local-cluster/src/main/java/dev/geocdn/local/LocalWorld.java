package dev.geocdn.local;

import dev.geocdn.gateway.GatewayApplication;
import dev.geocdn.health.HealthApplication;
import dev.geocdn.invalidation.InvalidationApplication;
import dev.geocdn.node.NodeApplication;
import dev.geocdn.origin.OriginMock;
import dev.geocdn.origin.OriginMockConfig;
import dev.geocdn.protocol.purge.PurgeTopics;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole CDN in one JVM on loopback (ARCHITECTURE "Local run"): origin-mock, for each
 * region two cache nodes ({@code <region>-<n>}) and a regional gateway, and the global entry
 * gateway that places clients by their source address (127.0.1.0/24 us-west, 127.0.2.0/24
 * us-east, 127.0.3.0/24 eu-west). Parts can be stopped and started to play failures.
 *
 * <p>Each service runs in its own Spring context with its own event loops (see
 * {@link IsolatedReactorResources}), configured exactly as a deployed one would be: through
 * its public properties.
 */
public final class LocalWorld implements AutoCloseable {

    private final WorldConfig config;
    private final OriginMock origin;
    private final String originUrl;
    private final Map<String, SpringPart> nodes = new LinkedHashMap<>();
    private final Map<String, List<String>> nodesByRegion = new LinkedHashMap<>();
    private final Map<String, SpringPart> regionalGateways = new LinkedHashMap<>();
    private final SpringPart globalGateway;
    private final SpringPart health;
    private final int healthPort;
    /** Regional gateways' management ports sit this far above their shared port (9191-9193), clear of Kafka's 9092. */
    static final int REGIONAL_MANAGEMENT_OFFSET = 1100;
    private final EmbeddedKafkaKraftBroker kafka;
    private final SpringPart invalidation;
    private final String adminToken;
    private volatile Map<String, Map<String, Double>> emulatedRtt = Map.of();

    private LocalWorld(WorldConfig config, LocalWorld[] self) {
        self[0] = this; // so that start() can stop what was started if a later part fails
        this.config = config;
        // on a free port: Spring Kafka's KRaft broker does not take a fixed one (kafkaPorts() is
        // ignored); the address is printed and in GET /v1/world
        quietKafka();
        kafka = new EmbeddedKafkaKraftBroker(1, 1, PurgeTopics.PURGES, PurgeTopics.ACKS);
        kafka.afterPropertiesSet();
        if (config.originUrl() == null) {
            origin = OriginMock.start(OriginMockConfig.defaults().withPort(config.originPort()));
            originUrl = origin.baseUrl();
        } else {
            origin = null;
            originUrl = config.originUrl();
        }
        int n = 0;
        for (String region : config.regions()) {
            List<String> ids = new ArrayList<>();
            for (int i = 1; i <= config.nodesPerRegion(); i++, n++) {
                String id = region + "-" + i;
                int port = WorldConfig.portOrZero(config.nodeBasePort(), n);
                SpringPart node = new SpringPart(id, NodeApplication.class, port, managementPort(port), List.of(
                        "--cdn.origin.url=" + originUrl, "--cdn.region=" + region, "--cdn.node-id=" + id,
                        "--cdn.cache.max-bytes=" + config.maxBytes(),
                        "--cdn.purge.bootstrap-servers=" + kafka.getBrokersAsString(),
                        "--management.server.address=127.0.0.1",
                        "--spring.cloud.gateway.server.webflux.enabled=false", "--spring.main.banner-mode=off",
                        "--logging.level.root=WARN"));
                node.whenRunning(this::applyEmulatedPurgeDelay);
                node.start();
                nodes.put(id, node);
                ids.add(id);
            }
            nodesByRegion.put(region, ids);
        }
        healthPort = config.healthPort() == 0 ? freePort() : config.healthPort();
        int r = 0;
        for (String region : config.regions()) {
            // every regional gateway on the same port of its own loopback address (127.0.1.254 for
            // the first region, ...), so that a geo-DNS answer (an address) names a usable gateway
            int port = config.regionalBasePort();
            String host = "127.0." + (++r) + ".254";
            List<String> args = new ArrayList<>(topologyArgs(false));
            args.add("--cdn.gateway.id=gw-" + region);
            args.add("--cdn.gateway.region=" + region);
            SpringPart gateway = new SpringPart("gw-" + region, GatewayApplication.class, host, port,
                    port == 0 ? 0 : port + REGIONAL_MANAGEMENT_OFFSET + r, args);
            gateway.whenRunning(this::applyEmulatedRtt);
            gateway.start();
            regionalGateways.put(region, gateway);
        }
        List<String> args = new ArrayList<>(topologyArgs(true));
        args.add("--cdn.gateway.id=gw-global");
        config.cidrs().forEach((block, region) -> args.add("--cdn.gateway.placement.cidrs[" + block + "]=" + region));
        globalGateway = new SpringPart("gw-global", GatewayApplication.class, config.gatewayPort(),
                managementPort(config.gatewayPort()), args);
        globalGateway.whenRunning(this::applyEmulatedRtt);
        globalGateway.start();
        health = new SpringPart("health", HealthApplication.class, healthPort, managementPort(config.healthPort()),
                healthArgs());
        health.start();
        adminToken = config.adminToken() != null ? config.adminToken() : randomToken();
        invalidation = new SpringPart("invalidation", InvalidationApplication.class, config.invalidationPort(),
                managementPort(config.invalidationPort()), invalidationArgs());
        invalidation.start();
        if (config.emulateLatency()) {
            setEmulatedRtt(config.distances());
        }
    }

    private List<String> healthArgs() {
        List<String> args = new ArrayList<>(List.of("--management.server.address=127.0.0.1",
                "--spring.main.banner-mode=off", "--logging.level.root=WARN", "--cdn.health.probe.interval=500ms",
                "--cdn.health.dns.enabled=true", "--cdn.health.dns.port=" + config.dnsPort(),
                "--cdn.health.dns.name=cdn.geocdn.local", "--cdn.health.dns.ttl=5s",
                "--spring.cloud.gateway.server.webflux.enabled=false",
                "--cdn.health.probe.failures-to-leave=2", "--cdn.health.probe.successes-to-return=2",
                "--cdn.health.purge-log.bootstrap-servers=" + kafka.getBrokersAsString()));
        if (origin != null) {
            args.add("--cdn.health.probe.cache-path=/objects/geocdn-health-probe?size=16&cc=max-age%3D60");
        }
        for (String region : config.regions()) {
            String prefix = "--cdn.health.regions." + region;
            SpringPart gw = regionalGateways.get(region);
            args.add(prefix + ".gateway=" + gw.url());
            args.add(prefix + ".gateway-management=http://127.0.0.1:" + gw.managementPort());
            args.add("--cdn.health.dns.addresses." + region + "[0]=" + gw.host());
            List<String> ids = nodesByRegion.get(region);
            for (int i = 0; i < ids.size(); i++) {
                SpringPart node = nodes.get(ids.get(i));
                args.add(prefix + ".nodes[" + i + "].id=" + node.name());
                args.add(prefix + ".nodes[" + i + "].url=" + node.url());
                args.add(prefix + ".nodes[" + i + "].management=http://127.0.0.1:" + node.managementPort());
            }
        }
        config.cidrs().forEach((block, region) -> args.add("--cdn.health.dns.cidrs[" + block + "]=" + region));
        config.distances().forEach((from, row) -> row.forEach((to, ms) ->
                args.add("--cdn.health.dns.distances." + from + "." + to + "=" + ms)));
        return args;
    }

    /**
     * Sets the emulated inter-region RTT (ms; a pair given one way holds both ways) on every
     * gateway, now and after restarts: a client of one region served by another waits that
     * long, and latency probes see it. An empty matrix turns emulation off.
     *
     * @throws IllegalArgumentException for an unknown region or a negative RTT, changing nothing
     */
    public void setEmulatedRtt(Map<String, Map<String, Double>> matrix) {
        matrix.forEach((from, row) -> {
            requireRegion(from);
            row.keySet().forEach(this::requireRegion);
        });
        new dev.geocdn.protocol.topology.RegionDistances(matrix); // validates the numbers
        Map<String, Map<String, Double>> copy = new LinkedHashMap<>();
        matrix.forEach((from, row) -> copy.put(from, Map.copyOf(row)));
        emulatedRtt = java.util.Collections.unmodifiableMap(copy);
        java.util.stream.Stream.concat(java.util.stream.Stream.of(globalGateway), regionalGateways.values().stream())
                .forEach(gw -> gw.whenRunningNow(this::applyEmulatedRtt));
        nodes.values().forEach(node -> node.whenRunningNow(this::applyEmulatedPurgeDelay));
    }

    /**
     * The region the purge log (Kafka and the invalidation service) sits in: purges reach a
     * node after half the emulated RTT between it and the node's region, and the node's
     * acknowledgements take as long to come back.
     */
    public static final String PURGE_LOG_REGION = "us-east";

    private void applyEmulatedPurgeDelay(org.springframework.context.ConfigurableApplicationContext node) {
        String region = node.getEnvironment().getProperty("cdn.region");
        double rtt = new dev.geocdn.protocol.topology.RegionDistances(emulatedRtt).distance(PURGE_LOG_REGION, region);
        java.time.Duration oneWay = Double.isInfinite(rtt) ? java.time.Duration.ZERO
                : java.time.Duration.ofNanos((long) (rtt * 1e6 / 2));
        node.getBeanProvider(dev.geocdn.node.purge.PurgeLog.class).ifAvailable(log -> log.setEmulatedDelay(oneWay));
    }

    /**
     * The broker starts before any Spring context has configured logging, and would print its
     * whole configuration (a thousand lines) above the world's summary; warnings still show.
     */
    private static void quietKafka() {
        org.springframework.boot.logging.LoggingSystem logging =
                org.springframework.boot.logging.LoggingSystem.get(LocalWorld.class.getClassLoader());
        for (String logger : List.of("org.apache.kafka", "kafka", "state.change.logger")) {
            logging.setLogLevel(logger, org.springframework.boot.logging.LogLevel.WARN);
        }
    }

    /** The purge log's Kafka bootstrap servers. */
    public String kafkaBootstrapServers() {
        return kafka.getBrokersAsString();
    }

    /** The emulated inter-region RTT matrix (ms) gateways apply; empty when off. */
    public Map<String, Map<String, Double>> emulatedRtt() {
        return emulatedRtt;
    }

    private void applyEmulatedRtt(org.springframework.context.ConfigurableApplicationContext gateway) {
        gateway.getBean(dev.geocdn.gateway.latency.EmulatedRtt.class).set(emulatedRtt);
    }

    private void requireRegion(String region) {
        if (!config.regions().contains(region)) {
            throw new IllegalArgumentException("no such region: '" + region + "' (known: "
                    + String.join(", ", config.regions()) + ")");
        }
    }

    private List<String> invalidationArgs() {
        List<String> args = new ArrayList<>(List.of("--management.server.address=127.0.0.1",
                "--spring.main.banner-mode=off", "--logging.level.root=WARN",
                "--spring.cloud.gateway.server.webflux.enabled=false",
                "--cdn.invalidation.tokens[0].name=admin",
                "--cdn.invalidation.tokens[0].secret=" + adminToken,
                "--cdn.invalidation.tokens[0].scopes=purge,read",
                // one operator on a laptop: benchmarks measure the purge path, not the limiter
                "--cdn.invalidation.tokens[0].rate.limit=100000",
                "--cdn.invalidation.kafka.bootstrap-servers=" + kafka.getBrokersAsString(),
                "--cdn.invalidation.membership.health-service-url=" + healthUrl()));
        for (String region : config.regions()) {
            List<String> ids = nodesByRegion.get(region);
            for (int i = 0; i < ids.size(); i++) {
                SpringPart node = nodes.get(ids.get(i));
                String prefix = "--cdn.invalidation.regions." + region + ".nodes[" + i + "]";
                args.add(prefix + ".id=" + node.name());
                args.add(prefix + ".url=" + node.url());
                args.add(prefix + ".management=http://127.0.0.1:" + node.managementPort());
            }
        }
        return args;
    }

    private static String randomToken() {
        byte[] bytes = new byte[24];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.HexFormat.of().formatHex(bytes);
    }

    /** The invalidation API's base URL ({@code POST /v1/purge}). */
    public String invalidationUrl() {
        return invalidation.url();
    }

    /** The invalidation API's bearer token (given, or made at start-up). */
    public String adminToken() {
        return adminToken;
    }

    /** The port geo-DNS answers on (UDP and TCP, 127.0.0.1). */
    public int dnsPort() {
        return health.context().getBean(dev.geocdn.health.dns.GeoDnsServer.class).port();
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("no free port for the health service", e);
        }
    }

    /** Starts a world; a failure to start any part stops the parts already started. */
    public static LocalWorld start(WorldConfig config) {
        LocalWorld[] world = new LocalWorld[1];
        try {
            return world[0] = new LocalWorld(config, world);
        } catch (RuntimeException e) {
            if (world[0] != null) {
                world[0].close();
            }
            throw e;
        }
    }

    private static int managementPort(int port) {
        return port == 0 ? 0 : port + WorldConfig.MANAGEMENT_OFFSET;
    }

    private List<String> topologyArgs(boolean global) {
        List<String> args = new ArrayList<>(List.of("--management.server.address=127.0.0.1",
                "--spring.main.banner-mode=off", "--logging.level.root=WARN",
                "--cdn.gateway.membership.health-service-url=http://127.0.0.1:" + healthPort));
        for (String region : config.regions()) {
            String prefix = "--cdn.gateway.regions." + region;
            if (global) {
                args.add(prefix + ".gateway=" + regionalGateways.get(region).url());
            }
            List<String> ids = nodesByRegion.get(region);
            for (int i = 0; i < ids.size(); i++) {
                SpringPart node = nodes.get(ids.get(i));
                args.add(prefix + ".nodes[" + i + "].id=" + node.name());
                args.add(prefix + ".nodes[" + i + "].url=" + node.url());
                args.add(prefix + ".nodes[" + i + "].management=http://127.0.0.1:" + node.managementPort());
            }
        }
        config.distances().forEach((from, row) -> row.forEach((to, ms) ->
                args.add("--cdn.gateway.distances." + from + "." + to + "=" + ms)));
        return args;
    }

    public String gatewayUrl() {
        return globalGateway.url();
    }

    public String originUrl() {
        return originUrl;
    }

    public OriginMock origin() {
        return origin;
    }

    public String healthUrl() {
        return "http://127.0.0.1:" + healthPort;
    }

    public String regionalGatewayUrl(String region) {
        return part(regionalGateways, region).url();
    }

    public String nodeUrl(String id) {
        return part(nodes, id).url();
    }

    public List<String> regions() {
        return config.regions();
    }

    public List<String> nodeIds(String region) {
        return List.copyOf(nodesByRegion.getOrDefault(region, List.of()));
    }

    public boolean isNodeRunning(String id) {
        return part(nodes, id).isRunning();
    }

    public void stopNode(String id) {
        part(nodes, id).stop();
    }

    public void startNode(String id) {
        part(nodes, id).start();
    }

    /** Stops a region: its gateway and all its nodes, as a lost data centre would. */
    public void stopRegion(String region) {
        part(regionalGateways, region).stop();
        nodeIds(region).forEach(this::stopNode);
    }

    public void startRegion(String region) {
        nodeIds(region).forEach(this::startNode);
        part(regionalGateways, region).start();
    }

    public void stopOrigin() {
        requireOwnOrigin().stop();
    }

    public void startOrigin() {
        requireOwnOrigin().restart();
    }

    private OriginMock requireOwnOrigin() {
        if (origin == null) {
            throw new IllegalStateException("the origin is the user's (" + originUrl + "), not origin-mock");
        }
        return origin;
    }

    private static SpringPart part(Map<String, SpringPart> parts, String name) {
        SpringPart part = parts.get(name);
        if (part == null) {
            throw new UnknownPartException(name, parts.keySet());
        }
        return part;
    }

    /** Every part, its URL and whether it runs (the control API's {@code GET /v1/world}). */
    public Map<String, Object> state() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("gateway", gatewayUrl());
        out.put("health", healthUrl());
        out.put("invalidation", invalidationUrl());
        out.put("kafka", kafkaBootstrapServers());
        out.put("origin", Map.of("url", originUrl, "running", origin == null || origin.isRunning()));
        Map<String, Object> regions = new LinkedHashMap<>();
        for (String region : config.regions()) {
            SpringPart gw = regionalGateways.get(region);
            Map<String, Object> nodeStates = new LinkedHashMap<>();
            for (String id : nodesByRegion.get(region)) {
                SpringPart node = nodes.get(id);
                nodeStates.put(id, Map.of("url", node.url(), "running", node.isRunning()));
            }
            regions.put(region, Map.of("gateway", Map.of("url", gw.url(), "running", gw.isRunning()), "nodes", nodeStates));
        }
        out.put("regions", regions);
        return out;
    }

    /** A summary of every URL and port, printed by the command line. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        out.append("GeoCDN local world\n");
        out.append(String.format("  global gateway   %s   (send requests here)%n", gatewayUrl()));
        out.append(String.format("  origin           %s%n", originUrl));
        out.append(String.format("  invalidation API %s/v1/purge   (Authorization: Bearer %s)%n", invalidationUrl(),
                adminToken));
        out.append(String.format("  health service   %s/v1/regions, %s/v1/purge-watermarks%n", healthUrl(), healthUrl()));
        out.append(String.format("  geo-DNS          127.0.0.1:%d (UDP and TCP) for cdn.geocdn.local%n", dnsPort()));
        out.append(String.format("  Kafka            %s (topics %s, %s)%n", kafkaBootstrapServers(), PurgeTopics.PURGES,
                PurgeTopics.ACKS));
        for (String region : config.regions()) {
            SpringPart gw = regionalGateways.get(region);
            out.append(String.format("  %-8s gateway %s  management http://127.0.0.1:%d%n", region, gw.url(), gw.managementPort()));
            for (String id : nodesByRegion.get(region)) {
                SpringPart node = nodes.get(id);
                out.append(String.format("    node %-10s %s  management http://127.0.0.1:%d/actuator/prometheus%n",
                        id, node.url(), node.managementPort()));
            }
        }
        return out.toString();
    }

    /** Stops every part; also what a failed start runs, so parts it started are not left running. */
    @Override
    public void close() {
        if (invalidation != null) {
            invalidation.stop();
        }
        if (health != null) {
            health.stop();
        }
        if (globalGateway != null) {
            globalGateway.stop();
        }
        regionalGateways.values().forEach(SpringPart::stop);
        nodes.values().forEach(SpringPart::stop);
        if (origin != null) {
            origin.close();
        }
        if (kafka != null) {
            kafka.destroy();
        }
    }

    /** A node or region name that the world does not have. */
    public static final class UnknownPartException extends IllegalArgumentException {
        UnknownPartException(String name, java.util.Collection<String> known) {
            super("no such part: '" + name + "' (known: " + String.join(", ", known) + ")");
        }
    }
}
