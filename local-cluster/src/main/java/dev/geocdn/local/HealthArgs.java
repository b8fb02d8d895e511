package dev.geocdn.local;

import dev.geocdn.health.HealthApplication;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How the health service starts: it probes every node and regional gateway (every 500 ms; out
 * after 2 failed probes, back after 2 good ones), answers geo-DNS for {@code cdn.geocdn.local}
 * with the regional gateways' addresses, and reads the purge log's acknowledgements for its
 * watermarks.
 */
final class HealthArgs {

    /** The name geo-DNS answers for. */
    static final String DNS_NAME = "cdn.geocdn.local";

    /** What the probes read through each node when origin-mock is the origin: a small cacheable object. */
    private static final String PROBE_PATH = "/objects/geocdn-health-probe?size=16&cc=max-age%3D60";

    private HealthArgs() {
    }

    /**
     * The health service's port. The gateways are given its URL before it starts, so with
     * free ports ({@link WorldConfig#ephemeral()}) one is taken now: below the system's range of
     * ephemeral ports, where no outgoing connection opened meanwhile (Kafka's, the nodes') can
     * take it before the service binds it seconds later.
     */
    static int port(WorldConfig config) {
        if (config.healthPort() != 0) {
            return config.healthPort();
        }
        int below = ephemeralLow();
        for (int attempt = 0; attempt < 50 && below > LOWEST_CHOSEN + 1000; attempt++) {
            int candidate = ThreadLocalRandom.current().nextInt(LOWEST_CHOSEN, below);
            try (ServerSocket socket = new ServerSocket(candidate, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // another one
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port for the health service", e);
        }
    }

    /** The lowest port chosen for the health service when none is configured. */
    private static final int LOWEST_CHOSEN = 20000;

    /** The first port of the system's ephemeral range (Linux's file; its default 32768 elsewhere). */
    private static int ephemeralLow() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).strip();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32768;
        }
    }

    /**
     * The service {@code health}.
     *
     * @param probeThroughCache whether the origin is origin-mock, whose probe object a probe may read
     */
    static SpringPart part(WorldConfig config, int port, Map<String, List<SpringPart>> nodes,
                           Map<String, SpringPart> regionalGateways, String kafkaBootstrapServers,
                           boolean probeThroughCache) {
        List<String> args = new ArrayList<>(List.of(SpringPart.NOT_A_GATEWAY,
                "--cdn.health.probe.interval=500ms",
                "--cdn.health.probe.failures-to-leave=2", "--cdn.health.probe.successes-to-return=2",
                "--cdn.health.dns.enabled=true", "--cdn.health.dns.port=" + config.dnsPort(),
                "--cdn.health.dns.name=" + DNS_NAME, "--cdn.health.dns.ttl=5s",
                "--cdn.health.purge-log.bootstrap-servers=" + kafkaBootstrapServers));
        if (probeThroughCache) {
            args.add("--cdn.health.probe.cache-path=" + PROBE_PATH);
        }
        regionalGateways.forEach((region, gateway) -> {
            String prefix = "--cdn.health.regions." + region;
            args.add(prefix + ".gateway=" + gateway.url());
            args.add(prefix + ".gateway-management=" + gateway.managementUrl());
            args.add("--cdn.health.dns.addresses." + region + "[0]=" + gateway.host());
            args.addAll(TopologyArgs.nodes(prefix, nodes.get(region)));
        });
        args.addAll(TopologyArgs.cidrs("--cdn.health.dns.cidrs", config.cidrs()));
        args.addAll(TopologyArgs.distances("--cdn.health.dns.distances", config.distances()));
        return new SpringPart("health", HealthApplication.class, port, TopologyArgs.managementPort(config.healthPort()),
                args);
    }
}
