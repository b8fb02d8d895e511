package dev.geocdn.invalidation.api;

import dev.geocdn.invalidation.support.Memberships;
import dev.geocdn.invalidation.support.NodePlayer;
import dev.geocdn.invalidation.support.Service;
import dev.geocdn.membership.MembershipView;
import dev.geocdn.protocol.topology.Membership;
import dev.geocdn.protocol.topology.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import dev.geocdn.invalidation.support.OnBroker;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.geocdn.invalidation.support.Service.OPS;
import static dev.geocdn.invalidation.support.Service.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Strong purges over real sockets and an embedded Kafka broker, with the nodes played by real
 * Kafka clients that acknowledge as the cache nodes will ({@link NodePlayer}), and membership
 * changes fed as the health service's stream would feed them.
 */
@ExtendWith(OutputCaptureExtension.class)
class StrongPurgeTest {

    @RegisterExtension
    static final OnBroker on = new OnBroker();

    /** Every node up again, as a newer snapshot. */
    @AfterEach
    void everyNodeUp() {
        MembershipView view = on.service().bean(MembershipView.class);
        Membership m = view.current();
        for (String node : Service.NODES.keySet()) {
            m = Memberships.withNode(m, node, State.UP);
        }
        view.update(m);
    }

    private static void setDown(String node) {
        MembershipView view = on.service().bean(MembershipView.class);
        view.update(Memberships.withNode(view.current(), node, State.DOWN));
    }

    @Test
    void aStrongPurge_answers200_onceEveryLiveNodeApplied_sayingWhoAndHowFast(CapturedOutput output) throws Exception {
        try (NodePlayer nodes = new NodePlayer(on.broker(), Service.NODES).start()) {
            HttpResponse<String> response = on.service().post(OPS,
                    "{\"urls\": [\"https://cdn.example.com/a\"], \"consistency\": \"strong\"}");

            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode body = json(response);
            String id = body.get("id").asString();
            assertThat(body.get("status").asString()).isEqualTo("applied");
            assertThat(body.get("consistency").asString()).isEqualTo("strong");
            assertThat(body.get("elapsedMs").asLong()).isNotNegative();
            assertThat(body.has("missing")).isFalse();
            assertThat(body.get("regions").get("us-west").propertyNames()).containsExactly("us-west-1", "us-west-2");
            assertThat(body.get("regions").get("eu-west").propertyNames()).containsExactly("eu-west-1", "eu-west-2");
            JsonNode euWest2 = body.get("regions").get("eu-west").get("eu-west-2");
            assertThat(euWest2.get("status").asString()).isEqualTo("applied");
            assertThat(euWest2.get("removed").asLong()).isEqualTo(3);
            assertThat(euWest2.get("appliedMs").asLong()).isBetween(0L, body.get("elapsedMs").asLong());
            assertThat(response.headers().firstValue("Location")).hasValue("/v1/purge/" + id);

            assertThat(output.getOut()).contains("purge id=" + id).contains("by=ops consistency=strong")
                    .contains("outcome=applied status=200").contains("applied=4/4");
            String metrics = on.service().management("/actuator/prometheus").body();
            assertThat(metrics).containsPattern("geocdn_purges_total\\{[^}]*consistency=\"strong\",outcome=\"applied\"[^}]*} [1-9]")
                    .containsPattern("geocdn_purge_apply_seconds_bucket\\{[^}]*region=\"eu-west\"");
        }
    }

    @Test
    void aStrongPurge_answers504_afterItsDeadline_namingTheNodeThatNeverAcknowledged() throws Exception {
        try (NodePlayer nodes = new NodePlayer(on.broker(), Service.NODES).silence("eu-west-2").start()) {
            long started = System.nanoTime();
            HttpResponse<String> response = on.service().post(OPS,
                    "{\"surrogateKeys\": [\"product-7\"], \"consistency\": \"strong\", \"timeoutMs\": 1000}");
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

            assertThat(response.statusCode()).isEqualTo(504);
            JsonNode body = json(response);
            assertThat(body.get("status").asString()).isEqualTo("incomplete");
            assertThat(body.get("missing").values()).extracting(JsonNode::asString).containsExactly("eu-west-2");
            assertThat(body.get("regions").get("eu-west").get("eu-west-2").get("status").asString()).isEqualTo("pending");
            assertThat(body.get("regions").get("eu-west").get("eu-west-1").get("status").asString()).isEqualTo("applied");
            assertThat(body.get("message").asString()).contains("it is on the purge log");
            assertThat(tookMs).isBetween(1_000L, 5_000L);
            String id = body.get("id").asString();
            assertThat(on.broker().readPurge(id).id()).as("the purge stays on the log").isEqualTo(id);
        }
    }

    @Test
    void aNodeThatGoesDownWhileAwaited_isNotWaitedForAnyMore() throws Exception {
        try (NodePlayer nodes = new NodePlayer(on.broker(), Service.NODES).silence("eu-west-2").start()) {
            long started = System.nanoTime();
            CompletableFuture<HttpResponse<String>> answer = CompletableFuture.supplyAsync(() -> on.service().post(OPS,
                    "{\"prefixes\": [\"https://cdn.example.com/img/\"], \"consistency\": \"strong\", \"timeoutMs\": 20000}"));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(nodes.seen()).as("purges the nodes saw").isNotEmpty();
                assertThat(json(on.service().get(OPS, "/v1/purge/" + nodes.seen().getFirst().id())).findValues("appliedMs"))
                        .as("the other nodes applied it").hasSize(3);
            });
            assertThat(answer).as("still waiting for eu-west-2").isNotDone();

            setDown("eu-west-2");

            HttpResponse<String> response = answer.get(10, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(15_000);
            JsonNode euWest2 = json(response).get("regions").get("eu-west").get("eu-west-2");
            assertThat(euWest2.get("status").asString()).isEqualTo("down");
        }
    }

    @Test
    void aNodeDownWhenThePurgeIsAccepted_isNotRequired() throws Exception {
        setDown("eu-west-2");
        try (NodePlayer nodes = new NodePlayer(on.broker(), Service.NODES).silence("eu-west-2").start()) {
            HttpResponse<String> response = on.service().post(OPS,
                    "{\"urls\": [\"https://cdn.example.com/c\"], \"consistency\": \"strong\", \"timeoutMs\": 10000}");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(json(response).get("regions").get("eu-west").propertyNames()).containsExactly("eu-west-1");
        }
    }

    @Test
    void health_isUp_andShowsAnonymousCallersTheStatusAlone() {
        HttpResponse<String> response = on.service().management("/actuator/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response)).as("the status, and the names of the probe groups")
                .isEqualTo(json("{\"status\": \"UP\", \"groups\": [\"liveness\", \"readiness\"]}"));
        assertThat(json(on.service().management("/actuator/health/readiness"))).isEqualTo(json("{\"status\": \"UP\"}"));
        assertThat(on.service().management("/actuator/health/purgeLog").statusCode()).as("a component by its path")
                .isEqualTo(404);
        assertThat(on.service().management("/actuator/health/diskSpace").statusCode()).isEqualTo(404);
    }
}
