package dev.geocdn.gateway.latency;

import dev.geocdn.membership.MembershipView;
import dev.geocdn.protocol.topology.NodeStatus;
import dev.geocdn.protocol.topology.RegionStatus;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Measures the RTT from this gateway to every region on its own ticker: the time of a TCP
 * connect to the region's gateway (or, without one, its first healthy node), which costs the
 * target nothing and needs no endpoint. One ticker for all regions with a random start offset,
 * so that gateways started together do not probe in step (as Traffic Monitor staggers its
 * pollers). In the local world, the emulated RTT from this gateway's region is added.
 */
public final class RegionProber implements AutoCloseable {

    /** How long a probe's connect may take; slower regions are not worth measuring precisely. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

    private final MembershipView membership;
    private final RegionLatencies latencies;
    private final String homeRegion;
    private final EmulatedRtt emulatedRtt;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("geocdn-region-prober").factory());

    public RegionProber(MembershipView membership, RegionLatencies latencies, String homeRegion,
                        EmulatedRtt emulatedRtt, Duration interval) {
        this.membership = membership;
        this.latencies = latencies;
        this.homeRegion = homeRegion;
        this.emulatedRtt = emulatedRtt;
        long period = Math.max(1, interval.toMillis());
        ticker.scheduleAtFixedRate(this::probeAll, ThreadLocalRandom.current().nextLong(period), period,
                TimeUnit.MILLISECONDS);
    }

    void probeAll() {
        for (RegionStatus region : membership.current().regions()) {
            target(region).flatMap(RegionProber::connectTime).ifPresent(rtt -> latencies.record(region.name(),
                    rtt.plus(emulated(region.name()))));
        }
    }

    private Duration emulated(String region) {
        return emulatedRtt.between(homeRegion, region);
    }

    private static Optional<URI> target(RegionStatus region) {
        if (region.gateway() != null) {
            return Optional.of(region.gateway());
        }
        return region.upNodes().stream().findFirst().map(NodeStatus::url);
    }

    private static Optional<Duration> connectTime(URI url) {
        int port = url.getPort() > 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(url.getHost(), port), (int) CONNECT_TIMEOUT.toMillis());
            return Optional.of(Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
