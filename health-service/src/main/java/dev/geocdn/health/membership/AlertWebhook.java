package dev.geocdn.health.membership;

import dev.geocdn.protocol.topology.State;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Sends each state change to a webhook in Alertmanager's webhook format (version 4), so that
 * anything that takes Alertmanager notifications (PagerDuty bridges, chat relays, Alertmanager's
 * own receivers) takes GeoCDN's: a target going down is a {@code firing} alert
 * ({@code GeoCDNNodeDown}, {@code GeoCDNGatewayDown}, {@code GeoCDNRegionDown}), coming back
 * {@code resolved}.
 *
 * <p>Best effort: one attempt with a timeout, failures logged; a lost alert is not retried
 * (Prometheus rules on the same states are the durable path).
 */
public final class AlertWebhook implements Consumer<StateChange> {

    private static final Logger log = LoggerFactory.getLogger(AlertWebhook.class);

    private final URI url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    public AlertWebhook(URI url) {
        this.url = url;
    }

    @Override
    public void accept(StateChange change) {
        byte[] body = json.writeValueAsBytes(payload(change));
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (error != null) {
                log.warn("alert webhook {} failed: {}", url, error.toString());
            } else if (response.statusCode() / 100 != 2) {
                log.warn("alert webhook {} answered {}", url, response.statusCode());
            }
        });
    }

    /** The Alertmanager webhook body for one change. */
    static Map<String, Object> payload(StateChange change) {
        boolean firing = change.to() == State.DOWN;
        String kind = change.kind();
        String alertName = "GeoCDN" + Character.toUpperCase(kind.charAt(0)) + kind.substring(1) + "Down";
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put("alertname", alertName);
        labels.put("severity", kind.equals("region") ? "critical" : "warning");
        labels.put("region", change.region());
        if (!kind.equals("region")) {
            labels.put(kind, change.name());
        }
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("status", firing ? "firing" : "resolved");
        alert.put("labels", labels);
        alert.put("annotations", Map.of(
                "summary", kind + " " + change.name() + (firing ? " is down" : " is up again"),
                "description", change.reason()));
        alert.put("startsAt", change.at().toString());
        alert.put("endsAt", firing ? "0001-01-01T00:00:00Z" : change.at().toString());
        alert.put("fingerprint", Integer.toHexString((alertName + change.name()).hashCode()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", "4");
        body.put("groupKey", "geocdn:" + alertName + ":" + change.name());
        body.put("status", firing ? "firing" : "resolved");
        body.put("receiver", "geocdn-health");
        body.put("groupLabels", Map.of("alertname", alertName));
        body.put("commonLabels", labels);
        body.put("commonAnnotations", alert.get("annotations"));
        body.put("externalURL", "");
        body.put("alerts", List.of(alert));
        return body;
    }
}
