package dev.geocdn.local;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code java -jar local-cluster/target/local-cluster-0.1.0-SNAPSHOT-exec.jar [flags]}: the
 * whole CDN on this machine. Flags:
 * <pre>
 *   --origin=URL           put your own origin behind the CDN instead of origin-mock
 *   --gateway-port=8080    the global entry gateway
 *   --health-port=8082     the health service
 *   --dns-port=8053        geo-DNS (UDP and TCP) for cdn.geocdn.local
 *   --control-port=8083    the control API
 *   --origin-port=9000     origin-mock
 *   --regional-port=8090   the regional gateways, on 127.0.1.254, 127.0.2.254, 127.0.3.254
 *   --node-port=8101       the first cache node (six, consecutive)
 *   --max-bytes=64MB       each node's cache size
 *   --invalidation-port=8081  the invalidation API
 *   --admin-token=TOKEN    the invalidation API's bearer token (16+ characters); random and
 *                          printed when absent
 *   --emulate-latency=on   add the inter-region RTT (us-west/us-east 60 ms, us-east/eu-west
 *                          80 ms, us-west/eu-west 140 ms) to requests served across regions
 *   --redis=on             one redis-server per region (Debian package redis-server), the
 *                          persistence tier of that region's nodes; off: memory only
 *   --shield=us-east       tiered fill: the other regions' nodes fill through the owner node
 *                          of this region before the origin; off by default
 *   --siblings=on          before the origin, a node asks the owner node of the key in each
 *                          other region (nearest first) for a copy it holds; off by default
 *   --replicate=/hot/**=push-all  replication for a path pattern (repeatable, first match wins):
 *                          none, push-popular or push-all; off by default
 *   --otlp=http://127.0.0.1:4318/v1/traces  every service exports its spans there over
 *                          OTLP/HTTP, every request sampled; off by default
 * </pre>
 * Bad flags exit with status 2 and a message; Ctrl-C stops everything.
 */
public final class LocalClusterMain {

    private LocalClusterMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        WorldConfig config;
        try {
            config = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("local-cluster: " + e.getMessage());
            System.err.println("usage: local-cluster [--origin=URL] [--gateway-port=8080] [--health-port=8082] [--dns-port=8053] [--control-port=8083]"
                    + " [--origin-port=9000] [--regional-port=8090] [--node-port=8101] [--max-bytes=64MB] [--invalidation-port=8081] [--admin-token=TOKEN] [--emulate-latency=on|off] [--redis=on|off] [--shield=REGION] [--siblings=on|off] [--replicate=PATTERN=MODE]... [--otlp=URL]");
            System.exit(2);
            return;
        }
        System.out.println("Starting the GeoCDN local world (Ctrl-C stops it)");
        LocalWorld world = new LocalWorld(config, new StartProgress(System.out::println, System::nanoTime));
        AtomicReference<ControlApi> control = new AtomicReference<>();
        AtomicBoolean stopping = new AtomicBoolean();
        CountDownLatch stopped = new CountDownLatch(1);
        // before the first part starts, so that Ctrl-C while starting stops what has started
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            ControlApi api = control.get();
            if (api != null) {
                System.out.println("Stopping the GeoCDN local world");
                api.close();
            }
            world.close();
            if (api != null) {
                System.out.println("Stopped");
            }
            stopped.countDown();
        }, "geocdn-local-shutdown"));
        try {
            world.startParts();
        } catch (RuntimeException e) {
            if (stopping.get()) {
                return; // Ctrl-C while starting: the hook stops what has started
            }
            System.err.println("local-cluster: could not start: " + rootMessage(e)
                    + " (ports are flags: --gateway-port, --origin-port, ...; see --help of bin/geocdn-local)");
            System.exit(1);
            return;
        }
        try {
            control.set(new ControlApi(world, config.controlPort()));
        } catch (RuntimeException e) {
            System.err.println("local-cluster: could not start the control API: " + rootMessage(e) + " (--control-port)");
            System.exit(1);
            return;
        }
        System.out.println();
        System.out.print(world.describe());
        System.out.printf("  control API      %s/v1/world   (POST /v1/nodes/{id}/stop|start, /v1/regions/{region}/stop|start, /v1/origin/stop|start; GET|PUT|DELETE /v1/latency)%n", control.get().url());
        System.out.printf("%nTry:  curl -si --interface 127.0.3.1 '%s/objects/hello?size=1k&cc=max-age%%3D60'%n", world.gatewayUrl());
        System.out.println("      (127.0.1.x is a client in us-west, 127.0.2.x in us-east, 127.0.3.x in eu-west)");
        System.out.printf("Purge: curl -X POST %s/v1/purge -H 'Authorization: Bearer %s' -H 'Content-Type: application/json' -d '{\"prefixes\":[\"http://127.0.0.1:%d/objects/\"],\"consistency\":\"strong\"}'%n",
                world.invalidationUrl(), world.adminToken(), config.gatewayPort());
        System.out.printf("Warm:  curl -X POST %s/v1/warm -H 'Authorization: Bearer %s' -H 'Content-Type: application/json' -d '{\"urls\":[\"http://127.0.0.1:%d/objects/hello?size=1k&cc=max-age%%3D60\"]}'%n",
                world.invalidationUrl(), world.adminToken(), config.gatewayPort());
        stopped.await();
    }

    /** The innermost cause's message, and what it was about: "Address already in use" says little alone. */
    static String rootMessage(Throwable error) {
        StringBuilder out = new StringBuilder();
        for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
            String message = e.getMessage();
            if (message != null && (e.getCause() == null || message.contains("bind") || message.contains("port"))) {
                if (!out.isEmpty()) {
                    out.append(": ");
                }
                out.append(message);
                if (e.getCause() == null || out.length() > 200) {
                    break;
                }
            }
        }
        return out.isEmpty() ? error.toString() : out.toString();
    }

    static WorldConfig parse(String[] args) {
        WorldConfig c = WorldConfig.defaults();
        int origin = c.originPort(), gateway = c.gatewayPort(), control = c.controlPort(), health = c.healthPort();
        int dns = c.dnsPort();
        int regional = c.regionalBasePort(), node = c.nodeBasePort();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
            String name = arg.substring(2, eq);
            String value = arg.substring(eq + 1);
            switch (name) {
                case "origin" -> {
                    if (!value.matches("https?://[^/\\s]+.*")) {
                        throw new IllegalArgumentException("--origin must be an http or https URL, got '" + value + "'");
                    }
                    c = c.withOriginUrl(value);
                }
                case "gateway-port" -> gateway = port(name, value);
                case "control-port" -> control = port(name, value);
                case "health-port" -> health = port(name, value);
                case "dns-port" -> dns = port(name, value);
                case "origin-port" -> origin = port(name, value);
                case "regional-port" -> regional = port(name, value);
                case "node-port" -> node = port(name, value);
                case "invalidation-port" -> c = c.withInvalidationPort(port(name, value));
                case "admin-token" -> {
                    if (value.length() < 16 || !value.matches("[\\x21-\\x7e]+")) {
                        throw new IllegalArgumentException("--admin-token must be at least 16 visible characters, no spaces");
                    }
                    c = c.withAdminToken(value);
                }
                case "max-bytes" -> {
                    if (!value.matches("\\d+(B|KB|MB|GB)")) {
                        throw new IllegalArgumentException("--max-bytes must look like 64MB or 1GB, got '" + value + "'");
                    }
                    c = c.withMaxBytes(value);
                }
                case "redis" -> {
                    if (!value.equals("on") && !value.equals("off")) {
                        throw new IllegalArgumentException("--redis must be on or off, got '" + value + "'");
                    }
                    c = c.withRedis(value.equals("on"));
                }
                case "shield" -> c = c.withShield(value);
                case "siblings" -> {
                    if (!value.equals("on") && !value.equals("off")) {
                        throw new IllegalArgumentException("--siblings must be on or off, got '" + value + "'");
                    }
                    c = c.withSiblings(value.equals("on"));
                }
                case "replicate" -> c = c.withReplication(value);
                case "otlp" -> c = c.withOtlp(value);
                case "emulate-latency" -> {
                    if (!value.equals("on") && !value.equals("off")) {
                        throw new IllegalArgumentException("--emulate-latency must be on or off, got '" + value + "'");
                    }
                    c = c.withEmulatedLatency(value.equals("on"));
                }
                default -> throw new IllegalArgumentException("unknown flag --" + name);
            }
        }
        return c.withPorts(origin, gateway, control, health, dns, regional, node);
    }

    private static int port(String name, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("--" + name + " must be a port number 1-65535, got '" + value + "'");
    }
}
