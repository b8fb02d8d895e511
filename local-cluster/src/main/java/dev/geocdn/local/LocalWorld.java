package dev.geocdn.local;

import dev.geocdn.health.dns.GeoDnsServer;
import dev.geocdn.localredis.LocalRedis;
import dev.geocdn.node.peers.InterRegionTraffic;
import dev.geocdn.origin.OriginMock;
import org.springframework.boot.logging.LogLevel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole CDN in one JVM on loopback (ARCHITECTURE "Local run"): origin-mock, the purge log
 * (Kafka), for each region two cache nodes ({@code <region>-<n>}) and a regional gateway, the
 * global entry gateway that places clients by their source address (127.0.1.0/24 us-west,
 * 127.0.2.0/24 us-east, 127.0.3.0/24 eu-west), the health service and the invalidation service.
 * Parts can be stopped and started to play failures.
 *
 * <p>This class only orchestrates: each service runs in its own Spring context with its own
 * event loops ({@link SpringPart}, {@link IsolatedReactorResources}), configured exactly as a
 * deployed one would be, through its public properties, which one builder per service writes
 * ({@link NodeArgs}, {@link RegionalGatewayArgs}, {@link GlobalGatewayArgs}, {@link HealthArgs},
 * {@link InvalidationArgs}, {@link OriginArgs}).
 *
 * <p><b>Order.</b> A part starts after everything it is given the address of: origin and Kafka,
 * then the nodes, the regional gateways, the global gateway, health, invalidation. Parts stop
 * clients first: invalidation, the global and the regional gateways, health, the nodes (the
 * last readers of Kafka), origin-mock, and Kafka last. So no part sees a peer vanish under it
 * and reports it, and a stop prints no warnings; where a library still reports an orderly stop
 * as trouble, that one logger is quiet while that one part stops ({@link QuietLoggers}).
 * A start that fails, and a {@link #close()} that comes while the world is still starting
 * (Ctrl-C), stop the parts already started.
 */
public final class LocalWorld implements AutoCloseable {

    private final WorldConfig config;
    private final StartProgress progress;
    private final LatencyEmulation latency;
    private final Map<String, SpringPart> nodes = new LinkedHashMap<>();
    private final Map<String, List<SpringPart>> nodesByRegion = new LinkedHashMap<>();
    private final Map<String, SpringPart> regionalGateways = new LinkedHashMap<>();
    /** Each region's redis-server, the persistence tier of its nodes ({@code --redis=on}); empty otherwise. */
    private final Map<String, LocalRedis> redisByRegion = new LinkedHashMap<>();
    private final int healthPort;
    private final String adminToken;
    /** The credential of replication between the world's nodes (random per world). */
    private final String clusterSecret = java.util.HexFormat.of().formatHex(randomBytes());
    /** The user's origin ({@code --origin}), or null when the world runs origin-mock. */
    private final String usersOrigin;
    /** Held while parts start or stop as a whole, so that a close waits for the part starting now and ends the start. */
    private final Object lifecycle = new Object();
    private boolean closed;
    private OriginMock origin;
    private EmbeddedPurgeLog kafka;
    private SpringPart globalGateway;
    private SpringPart health;
    private SpringPart invalidation;

    /** A world not started yet; {@link #startParts()} starts it. */
    LocalWorld(WorldConfig config, StartProgress progress) {
        this.config = config;
        this.progress = progress;
        this.latency = new LatencyEmulation(config.regions());
        this.healthPort = HealthArgs.port(config);
        this.adminToken = InvalidationArgs.adminToken(config);
        this.usersOrigin = OriginArgs.startsOriginMock(config) ? null : config.originUrl();
        config.regions().forEach(region -> nodesByRegion.put(region, new ArrayList<>())); // in the world's order
    }

    /** Starts a world; a failure to start any part stops the parts already started. */
    public static LocalWorld start(WorldConfig config) {
        return start(config, StartProgress.SILENT);
    }

    /** Starts a world, reporting each part as it comes up. */
    static LocalWorld start(WorldConfig config, StartProgress progress) {
        LocalWorld world = new LocalWorld(config, progress);
        world.startParts();
        return world;
    }

    /**
     * Starts every part in order; a failure stops the parts already started and is rethrown.
     *
     * @throws IllegalStateException if the world was closed while starting
     */
    void startParts() {
        try {
            step(this::startOriginMock);
            step(() -> {
                kafka = EmbeddedPurgeLog.start();
                progress.up("Kafka", kafka.bootstrapServers());
            });
            for (String region : config.startOrder()) {
                step(() -> startNodes(region));
            }
            step(this::orderNodes);
            step(this::startRegionalGateways);
            step(() -> {
                globalGateway = GlobalGatewayArgs.part(config, nodesByRegion, regionalGateways, healthUrl()).with(config.tracingArgs());
                globalGateway.whenRunning(latency::applyToGateway);
                globalGateway.start();
                progress.up("global gateway", globalGateway.url());
            });
            step(() -> {
                health = HealthArgs.part(config, healthPort, nodesByRegion, regionalGateways,
                        kafka.bootstrapServers(), origin != null).with(config.tracingArgs());
                health.start();
                progress.up("health service", health.url() + ", geo-DNS 127.0.0.1:" + dnsPort());
            });
            step(() -> {
                invalidation = InvalidationArgs.part(config, adminToken, nodesByRegion, kafka.bootstrapServers(),
                        healthUrl()).with(config.tracingArgs());
                invalidation.start();
                progress.up("invalidation API", invalidation.url() + "/v1/purge");
            });
            if (config.emulateLatency()) {
                setEmulatedRtt(config.distances());
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void step(Runnable start) {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("the world was stopped while starting");
            }
            start.run();
        }
    }

    private void startOriginMock() {
        if (usersOrigin != null) {
            progress.up("origin (yours)", usersOrigin);
            return;
        }
        origin = OriginMock.start(OriginArgs.mock(config));
        progress.up("origin-mock", origin.baseUrl());
    }

    private void startNodes(String region) {
        String tier = null;
        if (config.redis()) {
            LocalRedis redis = LocalRedis.start(0, "256mb");
            redisByRegion.put(region, redis);
            tier = redis.url();
            progress.up(region + " Redis", tier);
        }
        List<SpringPart> started = nodesByRegion.get(region);
        for (int i = 1; i <= config.nodesPerRegion(); i++) {
            String id = region + "-" + i;
            SpringPart node = NodeArgs.part(config, region, id, config.regions().indexOf(region)
                    * config.nodesPerRegion() + i - 1, originUrl(), kafka.bootstrapServers(), tier,
                    nodesByRegion.getOrDefault(config.shield(), List.of()), healthUrl(), clusterSecret)
                    .with(config.tracingArgs());
            node.whenRunning(latency::applyToNode);
            nodes.put(id, node);
            started.add(node);
            node.start();
        }
        progress.up(region + " nodes", String.join(", ", started.stream().map(SpringPart::url).toList()));
    }

    /** Lists the nodes in the world's region order, whichever region started first (the shield). */
    private void orderNodes() {
        Map<String, SpringPart> ordered = new LinkedHashMap<>();
        nodesByRegion.values().forEach(regionNodes -> regionNodes.forEach(node -> ordered.put(node.name(), node)));
        nodes.clear();
        nodes.putAll(ordered);
    }

    private void startRegionalGateways() {
        int number = 0;
        for (String region : config.regions()) {
            SpringPart gateway = RegionalGatewayArgs.part(config, region, ++number, nodesByRegion, healthUrl()).with(config.tracingArgs());
            gateway.whenRunning(latency::applyToGateway);
            regionalGateways.put(region, gateway);
            gateway.start();
        }
        progress.up("regional gateways",
                String.join(", ", regionalGateways.values().stream().map(SpringPart::url).toList()));
    }

    /**
     * Sets the emulated inter-region RTT (ms; a pair given one way holds both ways) on every
     * gateway and node, now and after restarts (see {@link LatencyEmulation}). An empty matrix
     * turns emulation off.
     *
     * @throws IllegalArgumentException for an unknown region or a negative RTT, changing nothing
     */
    public void setEmulatedRtt(Map<String, Map<String, Double>> matrix) {
        latency.set(matrix);
        gateways().forEach(gateway -> gateway.whenRunningNow(latency::applyToGateway));
        nodes.values().forEach(node -> node.whenRunningNow(latency::applyToNode));
    }

    /** The emulated inter-region RTT matrix (ms) gateways apply; empty when off. */
    public Map<String, Map<String, Double>> emulatedRtt() {
        return latency.matrix();
    }

    /**
     * Every service's management base URL, by part name (nodes by id, regional gateways as
     * {@code gateway-<region>}): each serves its Prometheus scrape at {@code /actuator/prometheus}.
     */
    Map<String, String> managementUrls() {
        Map<String, String> urls = new LinkedHashMap<>();
        nodes.forEach((id, part) -> urls.put(id, part.managementUrl()));
        regionalGateways.forEach((region, part) -> urls.put("gateway-" + region, part.managementUrl()));
        for (SpringPart part : new SpringPart[]{globalGateway, health, invalidation}) {
            if (part != null) {
                urls.put(part.name(), part.managementUrl());
            }
        }
        return urls;
    }

    private List<SpringPart> gateways() {
        List<SpringPart> all = new ArrayList<>();
        if (globalGateway != null) {
            all.add(globalGateway);
        }
        all.addAll(regionalGateways.values());
        return all;
    }

    /** The purge log's Kafka bootstrap servers. */
    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
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
        return health.context().getBean(GeoDnsServer.class).port();
    }

    public String gatewayUrl() {
        return globalGateway.url();
    }

    public String originUrl() {
        return origin != null ? origin.baseUrl() : usersOrigin;
    }

    public OriginMock origin() {
        return origin;
    }

    public String healthUrl() {
        return "http://127.0.0.1:" + healthPort;
    }

    public String regionalGatewayUrl(String region) {
        return regionalGateway(region).url();
    }

    public String nodeUrl(String id) {
        return node(id).url();
    }

    public List<String> regions() {
        return config.regions();
    }

    public List<String> nodeIds(String region) {
        return nodesByRegion.getOrDefault(region, List.of()).stream().map(SpringPart::name).toList();
    }

    public boolean isNodeRunning(String id) {
        return node(id).isRunning();
    }

    public void stopNode(String id) {
        node(id).stop();
    }

    public void startNode(String id) {
        node(id).start();
    }

    /** Stops a region: its gateway and all its nodes, as a lost data centre would. */
    public void stopRegion(String region) {
        regionalGateway(region).stop();
        nodeIds(region).forEach(this::stopNode);
    }

    public void startRegion(String region) {
        nodeIds(region).forEach(this::startNode);
        regionalGateway(region).start();
    }

    public void stopOrigin() {
        requireOwnOrigin().stop();
    }

    public void startOrigin() {
        requireOwnOrigin().restart();
    }

    private OriginMock requireOwnOrigin() {
        if (origin == null) {
            throw new IllegalStateException("the origin is the user's (" + usersOrigin + "), not origin-mock");
        }
        return origin;
    }

    SpringPart node(String id) {
        return part(nodes, id);
    }

    SpringPart regionalGateway(String region) {
        return part(regionalGateways, region);
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
        return WorldSummary.state(this);
    }

    /** A summary of every URL and port, printed by the command line. */
    public String describe() {
        return WorldSummary.describe(this);
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[24];
        new java.security.SecureRandom().nextBytes(bytes);
        return bytes;
    }

    /** The replication rules ({@code --replicate}), in order; empty when off. */
    public List<String> replication() {
        return config.replication();
    }

    /** Whether nodes ask the other regions for a copy before the origin ({@code --siblings}). */
    public boolean siblings() {
        return config.siblings();
    }

    /** The region the others fill through ({@code --shield}), or null. */
    public String shield() {
        return config.shield();
    }

    /**
     * Bytes received from another region, per link (from, to, why), summed over the running
     * nodes since each started: what tiered fill and replication cost between regions.
     */
    public List<Map<String, Object>> interRegionBytes() {
        Map<InterRegionTraffic.Link, Long> sums = new java.util.TreeMap<>(java.util.Comparator
                .comparing(InterRegionTraffic.Link::from).thenComparing(InterRegionTraffic.Link::to)
                .thenComparing(InterRegionTraffic.Link::reason));
        nodes.values().forEach(node -> node.whenRunningNow(context -> context.getBean(InterRegionTraffic.class)
                .totals().forEach((link, bytes) -> sums.merge(link, bytes, Long::sum))));
        List<Map<String, Object>> links = new ArrayList<>();
        sums.forEach((link, bytes) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("from", link.from());
            entry.put("to", link.to());
            entry.put("reason", link.reason().name().toLowerCase(java.util.Locale.ROOT));
            entry.put("bytes", bytes);
            links.add(entry);
        });
        return links;
    }

    /** Each region's Redis URL, when the world runs with {@code --redis=on}; empty otherwise. */
    public Map<String, String> redisUrls() {
        Map<String, String> urls = new LinkedHashMap<>();
        redisByRegion.forEach((region, redis) -> urls.put(region, redis.url()));
        return urls;
    }

    /**
     * Stops every part, clients before what they talk to and Kafka last (see the class
     * comment); also what a failed or interrupted start runs. Closing twice does nothing.
     */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            List<Runnable> stops = new ArrayList<>();
            stops.add(() -> stop(invalidation));
            stops.add(() -> stop(globalGateway));
            regionalGateways.values().forEach(gateway -> stops.add(gateway::stop));
            stops.add(() -> stop(health));
            nodes.values().forEach(node -> stops.add(node::stop));
            redisByRegion.values().forEach(redis -> stops.add(redis::close));
            stops.add(() -> {
                if (origin != null) {
                    origin.close();
                }
            });
            stops.add(() -> {
                if (kafka != null) {
                    kafka.close();
                }
            });
            runAll(stops);
        }
    }

    private static void stop(SpringPart part) {
        if (part != null) {
            part.stop();
        }
    }

    /** Runs every stop even if one fails, then throws the first failure with the others suppressed. */
    private static void runAll(List<Runnable> stops) {
        RuntimeException failure = null;
        for (Runnable stop : stops) {
            try {
                stop.run();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** A node or region name that the world does not have. */
    public static final class UnknownPartException extends IllegalArgumentException {
        UnknownPartException(String name, java.util.Collection<String> known) {
            super("no such part: '" + name + "' (known: " + String.join(", ", known) + ")");
        }
    }
}
