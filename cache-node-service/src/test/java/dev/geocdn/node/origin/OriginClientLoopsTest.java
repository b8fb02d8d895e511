package dev.geocdn.node.origin;

import dev.geocdn.tracing.HopTracing;
import dev.geocdn.cache.http.Headers;
import dev.geocdn.node.config.NodeProperties;
import dev.geocdn.origin.OriginMock;
import dev.geocdn.origin.OriginMockConfig;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node's outbound connections run on the event loops it is given (its server's), not on
 * Reactor Netty's global ones, which other services in the same process accept and answer on.
 */
class OriginClientLoopsTest {

    @Test
    void theExchange_runsOnTheLoopsTheClientWasGiven() {
        LoopResources loops = LoopResources.create("node-own", 1, true);
        try (OriginMock origin = OriginMock.start(OriginMockConfig.defaults())) {
            OriginClient client = new OriginClient(new NodeProperties.Origin(java.net.URI.create(origin.baseUrl()),
                    Duration.ofSeconds(2), Duration.ofSeconds(5), 4, "", false,
                    new NodeProperties.Breaker(50, 20, 10, Duration.ofSeconds(5))), "loops-test", false, loops, HopTracing.off());
            try {
                String thread = client.exchange("GET", "/objects/loops?size=10", Headers.EMPTY, null, null,
                                (response, body) -> body.then(Mono.fromCallable(() -> Thread.currentThread().getName())))
                        .blockLast(Duration.ofSeconds(10));

                assertThat(thread).startsWith("node-own");
                assertThat(origin.requestCount("/objects/loops")).isEqualTo(1);
            } finally {
                client.close();
            }
        } finally {
            loops.disposeLater().block(Duration.ofSeconds(5));
        }
    }
}
