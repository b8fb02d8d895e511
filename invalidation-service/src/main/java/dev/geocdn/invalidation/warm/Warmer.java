package dev.geocdn.invalidation.warm;

import dev.geocdn.protocol.http.AheadOfClients;
import dev.geocdn.protocol.http.WarmVerdict;
import dev.geocdn.protocol.topology.Membership;
import dev.geocdn.protocol.topology.NodeStatus;
import dev.geocdn.protocol.topology.RegionStatus;
import dev.geocdn.protocol.topology.RendezvousHasher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs warming jobs: in each region, every URL is sent once to the node that owns it, as a
 * {@code HEAD} through the node's data plane. The node treats it as any client request: a miss
 * becomes one collapsed GET fill stored in memory (and its tier), a fresh copy is left alone and
 * its {@code Cache-Status} says so ({@link WarmVerdict}); no body crosses to this service.
 *
 * <p>The owner is the first of the region's up nodes by rendezvous hashing of the URL, exactly
 * as a regional gateway ranks them, so the warmed copy is the one clients will be sent to. A
 * node that refuses the connection gives way to the next in that order, as at the gateway.
 *
 * <p>Each region runs on its own: at most {@code concurrency} URLs in flight and
 * {@code perSecond} started per second, so a job never sends an origin more than the regions
 * times that rate, however long its list.
 */
public final class Warmer {

    private static final Logger log = LoggerFactory.getLogger(Warmer.class);

    /**
     * @param concurrency URLs in flight per region
     * @param perSecond   URLs started per second per region
     * @param timeout     how long one node may take to answer
     */
    public record Pace(int concurrency, int perSecond, Duration timeout) {
    }

    private final WebClient client;
    private final Supplier<Membership> membership;
    private final Pace pace;
    private final MeterRegistry meters;

    public Warmer(WebClient client, Supplier<Membership> membership, Pace pace, MeterRegistry meters) {
        this.client = client;
        this.membership = membership;
        this.pace = pace;
        this.meters = meters;
    }

    /** Warms {@code urls} in every region of {@code job}; completes when each has an outcome. */
    Mono<Void> run(WarmJob job, List<String> urls) {
        return Flux.fromIterable(job.regions())
                .flatMap(region -> warm(job, region, urls))
                .then();
    }

    private Mono<Void> warm(WarmJob job, RegionWarming region, List<String> urls) {
        region.start(urls.size());
        Duration gap = Duration.ofNanos(1_000_000_000L / pace.perSecond());
        return Flux.fromIterable(urls)
                .delayElements(gap)
                .flatMap(url -> warmOne(region.region(), url)
                        .doOnNext(result -> {
                            region.record(url, result.node(), result.verdict());
                            counter(region.region(), result.verdict().outcome()).increment();
                        }), pace.concurrency())
                .then()
                .onErrorResume(e -> {
                    log.warn("warming job {} stopped in {}: {}", job.id(), region.region(), e.toString());
                    region.failRest("the job stopped: " + e.getMessage(), urls);
                    return Mono.empty();
                });
    }

    private record Result(String node, WarmVerdict verdict) {
    }

    private Mono<Result> warmOne(String regionName, String url) {
        RegionStatus region = membership.get().regions().stream().filter(r -> r.name().equals(regionName))
                .findFirst().orElse(null);
        List<NodeStatus> up = region == null ? List.of() : region.upNodes();
        if (up.isEmpty()) {
            return Mono.just(new Result(null, WarmVerdict.failed("no node of " + regionName + " is up")));
        }
        return ask(RendezvousHasher.rank(url, up, NodeStatus::id), 0, URI.create(url));
    }

    /** The verdict of the {@code at}-th node in failover order, or of the next when it refuses connections. */
    private Mono<Result> ask(List<NodeStatus> ranked, int at, URI url) {
        NodeStatus node = ranked.get(at);
        return client.head().uri(AheadOfClients.target(node.url(), url))
                .headers(h -> AheadOfClients.fields(url, AheadOfClients.WARM, h::set))
                .exchangeToMono(response -> response.releaseBody().thenReturn(new Result(node.id(), WarmVerdict.of(
                        response.statusCode().value(),
                        String.join(", ", response.headers().header("Cache-Status")), node.id()))))
                .timeout(pace.timeout())
                .onErrorResume(error -> {
                    if (refused(error) && at + 1 < ranked.size()) {
                        return ask(ranked, at + 1, url);
                    }
                    return Mono.just(new Result(node.id(), WarmVerdict.failed(error instanceof TimeoutException
                            ? "no answer from " + node.id() + " within " + pace.timeout().toMillis() + " ms"
                            : node.id() + " could not be reached: " + rootMessage(error))));
                });
    }

    private static boolean refused(Throwable error) {
        return error instanceof WebClientRequestException && error.getCause() instanceof java.net.ConnectException;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private Counter counter(String region, WarmVerdict.Outcome outcome) {
        return Counter.builder("geocdn.warm.urls").description("URLs a warming job sent to a node, by outcome")
                .tag("region", region).tag("outcome", outcome.wireName()).register(meters);
    }
}
