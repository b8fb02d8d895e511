package dev.geocdn.invalidation.api;

import dev.geocdn.invalidation.support.NodePlayer;
import dev.geocdn.invalidation.support.Service;
import dev.geocdn.protocol.hlc.HlcTime;
import dev.geocdn.protocol.purge.PurgeCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import dev.geocdn.invalidation.support.OnBroker;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static dev.geocdn.invalidation.support.Service.OPS;
import static dev.geocdn.invalidation.support.Service.VIEWER;
import static dev.geocdn.invalidation.support.Service.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Eventual purges and progress, over real sockets with an embedded Kafka broker: the answer
 * comes once Kafka has the purge, the purge is on the log as sent, and {@code GET} shows who
 * applied it.
 */
class EventualPurgeTest {

    @RegisterExtension
    static final OnBroker on = new OnBroker();

    @Test
    void anEventualPurge_isAccepted_andIsOnThePurgeLogAsSent() {
        HttpResponse<String> response = on.service().post(OPS, """
                {"urls": ["HTTPS://CDN.example.com:443/a?x=1"], "prefixes": ["https://cdn.example.com/img/"],
                 "surrogateKeys": ["product-42"], "soft": true}""");

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode body = json(response);
        String id = body.get("id").asString();
        assertThat(response.headers().firstValue("Location")).hasValue("/v1/purge/" + id);
        assertThat(body.get("consistency").asString()).isEqualTo("eventual");
        assertThat(body.get("status").asString()).isEqualTo("accepted");
        assertThat(body.get("progress").asString()).isEqualTo("/v1/purge/" + id);
        assertThat(body.get("hlcTime").asString()).isEqualTo(HlcTime.format(body.get("hlc").asLong()));

        PurgeCommand purge = on.broker().readPurge(id);
        assertThat(purge.hlc()).isEqualTo(body.get("hlc").asLong());
        assertThat(purge.urls()).containsExactly("https://cdn.example.com/a?x=1");
        assertThat(purge.prefixes()).containsExactly("https://cdn.example.com/img/");
        assertThat(purge.surrogateKeys()).containsExactly("product-42");
        assertThat(purge.soft()).isTrue();
        assertThat(purge.requestedBy()).isEqualTo("ops");
    }

    @Test
    void progress_showsWhoApplied_andWhoIsPending() throws Exception {
        try (NodePlayer nodes = new NodePlayer(on.broker(), Service.NODES).silence("eu-west-2").start()) {
            String id = json(on.service().post(OPS, "{\"surrogateKeys\": [\"k1\", \"k2\"]}")).get("id").asString();

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    json(on.service().get(OPS, "/v1/purge/" + id)).get("regions").findValues("appliedMs"))
                    .as("nodes that applied " + id).hasSize(3));
            HttpResponse<String> response = on.service().get(VIEWER, "/v1/purge/" + id);

            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode body = json(response);
            assertThat(body.get("status").asString()).isEqualTo("pending");
            assertThat(body.get("requestedBy").asString()).isEqualTo("ops");
            assertThat(body.get("targets").get("surrogateKeys").asInt()).isEqualTo(2);
            assertThat(body.get("missing").values()).extracting(JsonNode::asString).containsExactly("eu-west-2");
            JsonNode usWest1 = body.get("regions").get("us-west").get("us-west-1");
            assertThat(usWest1.get("status").asString()).isEqualTo("applied");
            assertThat(usWest1.get("removed").asLong()).isEqualTo(3);
            assertThat(usWest1.get("appliedMs").asLong()).isNotNegative();
            assertThat(body.get("regions").get("eu-west").get("eu-west-2").get("status").asString()).isEqualTo("pending");
        }
    }

    @Test
    void progress_ofAnUnknownPurge_is404() {
        HttpResponse<String> response = on.service().get(VIEWER, "/v1/purge/no-such-purge");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).get("message").asString()).isEqualTo("no purge 'no-such-purge' among the last"
                + " 10000 purges this instance keeps (cdn.invalidation.history.size)");
    }

    @Test
    void progress_needsAToken() {
        HttpResponse<String> response = on.service().get(null, "/v1/purge/anything");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    }

    @Test
    void aPurgeWrittenByAnotherInstance_isShownToo() throws Exception {
        try (NodePlayer nodes = new NodePlayer(on.broker(), Service.NODES).start()) {
            String id = "elsewhere-" + UUID.randomUUID();
            on.broker().writePurge(new PurgeCommand(id, HlcTime.of(System.currentTimeMillis(), 0),
                    List.of("https://cdn.example.com/b"), List.of(), List.of(), false, "other-instance", Instant.now()));

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                HttpResponse<String> r = on.service().get(VIEWER, "/v1/purge/" + id);
                assertThat(r.statusCode()).as("GET /v1/purge/" + id + ": " + r.body()).isEqualTo(200);
                assertThat(json(r).get("status").asString()).as(id + " applied everywhere").isEqualTo("applied");
            });
            assertThat(json(on.service().get(VIEWER, "/v1/purge/" + id)).get("requestedBy").asString()).isEqualTo("other-instance");
        }
    }

    @Test
    void eachPurge_isStampedLaterThanThePrevious() {
        long first = json(on.service().post(OPS, "{\"surrogateKeys\": [\"a\"]}")).get("hlc").asLong();
        long second = json(on.service().post(OPS, "{\"surrogateKeys\": [\"a\"]}")).get("hlc").asLong();

        assertThat(second).isGreaterThan(first);
    }
}
