package dev.geocdn.health.membership;

import dev.geocdn.protocol.topology.State;
import org.junit.jupiter.api.Test;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

class AlertWebhookTest {

    private static final Instant AT = Instant.parse("2030-01-01T12:34:56Z");

    private static final StateChange NODE_DOWN = new StateChange("node", "eu-west-1", "eu-west", State.UP, State.DOWN,
            "3 probes failed: connection refused", AT);

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> onlyAlert(Map<String, Object> body) {
        assertThat(body.get("alerts")).isInstanceOf(List.class);
        List<Object> alerts = (List<Object>) body.get("alerts");
        assertThat(alerts).hasSize(1);
        return map(alerts.getFirst());
    }

    @Test
    void aNodeGoingDown_isAFiringGeoCDNNodeDownAlert() {
        Map<String, Object> body = AlertWebhook.payload(NODE_DOWN);

        assertThat(body).containsEntry("version", "4").containsEntry("status", "firing")
                .containsEntry("receiver", "geocdn-health")
                .containsEntry("groupKey", "geocdn:GeoCDNNodeDown:eu-west-1");
        Map<String, Object> alert = onlyAlert(body);
        assertThat(alert).containsEntry("status", "firing")
                .containsEntry("startsAt", "2030-01-01T12:34:56Z")
                .containsEntry("endsAt", "0001-01-01T00:00:00Z");
        assertThat(map(alert.get("labels"))).isEqualTo(Map.of(
                "alertname", "GeoCDNNodeDown", "severity", "warning", "region", "eu-west", "node", "eu-west-1"));
        assertThat(map(alert.get("annotations")))
                .containsEntry("description", "3 probes failed: connection refused")
                .containsEntry("summary", "node eu-west-1 is down");
        assertThat(map(body.get("commonLabels"))).isEqualTo(alert.get("labels"));
        assertThat(map(body.get("groupLabels"))).isEqualTo(Map.of("alertname", "GeoCDNNodeDown"));
    }

    @Test
    void aNodeComingBack_resolvesTheSameAlert() {
        StateChange back = new StateChange("node", "eu-west-1", "eu-west", State.DOWN, State.UP,
                "2 probes ok: 200 in 3 ms", AT.plusSeconds(60));

        Map<String, Object> body = AlertWebhook.payload(back);

        assertThat(body).containsEntry("status", "resolved");
        Map<String, Object> alert = onlyAlert(body);
        assertThat(alert).containsEntry("status", "resolved").containsEntry("endsAt", "2030-01-01T12:35:56Z");
        assertThat(map(alert.get("labels"))).containsEntry("alertname", "GeoCDNNodeDown");
        assertThat(map(alert.get("annotations"))).containsEntry("description", "2 probes ok: 200 in 3 ms");
        // the same alert as the firing one, so that receivers pair them
        assertThat(alert.get("fingerprint")).isEqualTo(onlyAlert(AlertWebhook.payload(NODE_DOWN)).get("fingerprint"));
        assertThat(body.get("groupKey")).isEqualTo(AlertWebhook.payload(NODE_DOWN).get("groupKey"));
    }

    @Test
    void aRegionGoingDown_isACriticalGeoCDNRegionDownAlertWithoutANodeLabel() {
        StateChange change = new StateChange("region", "eu-west", "eu-west", State.UP, State.DOWN, "no healthy node", AT);

        Map<String, Object> body = AlertWebhook.payload(change);

        assertThat(body).containsEntry("version", "4").containsEntry("status", "firing");
        Map<String, Object> alert = onlyAlert(body);
        assertThat(map(alert.get("labels"))).isEqualTo(Map.of(
                "alertname", "GeoCDNRegionDown", "severity", "critical", "region", "eu-west"));
        assertThat(map(alert.get("annotations"))).containsEntry("description", "no healthy node");
        assertThat(alert).containsEntry("endsAt", "0001-01-01T00:00:00Z");
    }

    @Test
    void aGatewayGoingDown_isAGeoCDNGatewayDownAlertLabelledWithTheGateway() {
        StateChange change = new StateChange("gateway", "gateway:us-east", "us-east", State.UP, State.DOWN,
                "3 probes failed: timeout", AT);

        Map<String, Object> alert = onlyAlert(AlertWebhook.payload(change));

        assertThat(map(alert.get("labels"))).isEqualTo(Map.of(
                "alertname", "GeoCDNGatewayDown", "severity", "warning", "region", "us-east", "gateway", "gateway:us-east"));
        assertThat(alert).containsEntry("status", "firing");
    }

    @Test
    void accept_postsTheAlertAsJsonToARealReceiver() {
        List<String> bodies = new CopyOnWriteArrayList<>();
        List<String> contentTypes = new CopyOnWriteArrayList<>();
        DisposableServer server = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes.post("/alerts", (request, response) -> {
                    contentTypes.add(String.valueOf(request.requestHeaders().get("Content-Type")));
                    return request.receive().aggregate().asString()
                            .doOnNext(bodies::add)
                            .then(response.status(200).send());
                }))
                .bindNow();
        try {
            new AlertWebhook(URI.create("http://127.0.0.1:" + server.port() + "/alerts")).accept(NODE_DOWN);

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(bodies).as("a POST body").isNotEmpty());

            assertThat(bodies).as("one POST body").hasSize(1);
            String body = bodies.getFirst();
            assertThat(body).contains("GeoCDNNodeDown").contains("eu-west-1");
            assertThat(contentTypes).containsExactly("application/json");
            JsonNode json = JsonMapper.builder().build().readTree(body);
            assertThat(json.get("version").asString()).isEqualTo("4");
            assertThat(json.get("status").asString()).isEqualTo("firing");
            JsonNode alert = json.get("alerts").get(0);
            assertThat(alert.get("labels").get("node").asString()).isEqualTo("eu-west-1");
            assertThat(alert.get("annotations").get("description").asString()).isEqualTo("3 probes failed: connection refused");
        } finally {
            server.disposeNow();
        }
    }

    @Test
    void accept_toAnUnreachableReceiver_doesNotThrow() {
        AlertWebhook webhook = new AlertWebhook(URI.create("http://127.0.0.1:1/alerts"));

        assertThatCode(() -> webhook.accept(NODE_DOWN)).doesNotThrowAnyException();
    }
}
