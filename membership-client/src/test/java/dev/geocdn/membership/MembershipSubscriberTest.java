package dev.geocdn.membership;

import dev.geocdn.protocol.topology.Membership;
import dev.geocdn.protocol.topology.NodeStatus;
import dev.geocdn.protocol.topology.RegionStatus;
import dev.geocdn.protocol.topology.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The subscriber against a stand-in of the health service's {@code /v1/membership/stream},
 * over a real socket, in the health service's wire format (named SSE events with JSON data).
 */
class MembershipSubscriberTest {

    private static final Instant T0 = Instant.parse("2026-12-04T17:30:00Z");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private DisposableServer server;
    private MembershipSubscriber subscriber;

    @AfterEach
    void stop() {
        if (subscriber != null) {
            subscriber.close();
        }
        if (server != null) {
            server.disposeNow();
        }
    }

    private static Membership snapshot(long version, State state) {
        NodeStatus node = new NodeStatus("eu-west-1", URI.create("http://127.0.0.1:8105"), null, state, "probe", T0);
        return new Membership(version, T0.plusSeconds(version), List.of(
                new RegionStatus("eu-west", null, state, "", T0, List.of(node))));
    }

    private static String event(Membership m) {
        return "id:" + m.version() + "\nevent:membership\ndata:" + JSON.writeValueAsString(m) + "\n\n";
    }

    private URI serve(java.util.function.Function<Integer, Flux<String>> perConnection) {
        AtomicInteger connections = new AtomicInteger();
        server = HttpServer.create().host("127.0.0.1").port(0)
                .route(r -> r.get("/v1/membership/stream", (req, res) -> res
                        .header("Content-Type", "text/event-stream")
                        .sendString(perConnection.apply(connections.incrementAndGet()))))
                .bindNow();
        return URI.create("http://127.0.0.1:" + server.port());
    }

    @Test
    void snapshots_fromTheStream_replaceTheStaticOne() {
        Sinks.Many<Membership> changes = Sinks.many().replay().all();
        changes.tryEmitNext(snapshot(1, State.UP));
        URI health = serve(connection -> changes.asFlux().map(MembershipSubscriberTest::event));
        MembershipView view = new MembershipView(snapshot(0, State.UP));

        subscriber = new MembershipSubscriber(WebClient.builder(), health, view);
        awaitVersion(view, 1);
        changes.tryEmitNext(snapshot(2, State.DOWN));
        awaitVersion(view, 2);

        assertThat(view.current().node("eu-west-1").orElseThrow().isUp()).isFalse();
    }

    @Test
    void aLostStream_isReopened_andTheViewKeepsItsLastSnapshotMeanwhile() {
        AtomicReference<Membership> served = new AtomicReference<>(snapshot(5, State.DOWN));
        URI health = serve(connection -> Flux.just(event(served.get())));
        MembershipView view = new MembershipView(snapshot(0, State.UP));

        subscriber = new MembershipSubscriber(WebClient.builder(), health, view);
        awaitVersion(view, 5);
        served.set(snapshot(6, State.UP));

        awaitVersion(view, 6);
        assertThat(view.current().node("eu-west-1").orElseThrow().isUp()).isTrue();
    }

    @Test
    void anUnreachableHealthService_leavesTheStaticSnapshot() {
        URI health = serve(connection -> Flux.never());
        server.disposeNow();
        server = null;
        Membership initial = snapshot(0, State.UP);
        MembershipView view = new MembershipView(initial);

        subscriber = new MembershipSubscriber(WebClient.builder(), health, view);

        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(view.current()).as("the static snapshot").isSameAs(initial));
    }

    /** Waits up to 10 s until the view holds the snapshot of {@code version}. */
    private static void awaitVersion(MembershipView view, long version) {
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(view.current().version()).as("the view's version").isEqualTo(version));
    }
}
