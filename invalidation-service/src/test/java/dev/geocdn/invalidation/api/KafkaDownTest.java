package dev.geocdn.invalidation.api;

import dev.geocdn.invalidation.support.Service;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;

import static dev.geocdn.invalidation.support.Service.OPS;
import static dev.geocdn.invalidation.support.Service.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kafka unreachable (a closed port): the service starts anyway, and answers 503 with
 * {@code Retry-After} and a message naming Kafka, within the publish timeout; nothing is
 * acknowledged that Kafka does not have.
 */
class KafkaDownTest {

    static Service service;
    static String kafka;

    @BeforeAll
    static void start() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        kafka = "127.0.0.1:" + closed;
        service = Service.start(kafka, "--cdn.invalidation.publish.timeout=1s",
                "--cdn.invalidation.publish.retry-after=7s", "--logging.level.org.apache.kafka=ERROR");
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void anEventualPurge_is503_withRetryAfter_whenKafkaDoesNotTakeIt() {
        long started = System.nanoTime();
        HttpResponse<String> response = service.post(OPS, "{\"surrogateKeys\": [\"k\"]}");

        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(5_000);
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("7");
        JsonNode body = json(response);
        assertThat(body.get("message").asString()).contains("Kafka at " + kafka + " did not acknowledge the purge")
                .contains("safe to retry");
        assertThat(response.body()).doesNotContain("Exception:").doesNotContain("\tat ");
    }

    @Test
    void aStrongPurge_is503_whileAcknowledgementsCannotBeRead() {
        HttpResponse<String> response = service.post(OPS, "{\"surrogateKeys\": [\"k\"], \"consistency\": \"strong\"}");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(json(response).get("message").asString()).contains("are not being read yet").contains("nothing was written");
    }

    @Test
    void health_isDown_withoutNamingKafkaToAnonymousCallers() {
        HttpResponse<String> response = service.management("/actuator/health");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(json(response)).isEqualTo(json("{\"status\": \"DOWN\", \"groups\": [\"liveness\", \"readiness\"]}"));
        assertThat(response.body()).doesNotContain(kafka);
        HttpResponse<String> readiness = service.management("/actuator/health/readiness");
        assertThat(readiness.statusCode()).as("the purge log is not part of readiness").isEqualTo(200);
        assertThat(json(readiness)).isEqualTo(json("{\"status\": \"UP\"}"));
    }

    @Test
    void badRequests_areStill400_withoutKafka() {
        assertThat(service.post(OPS, "{\"urls\": [\"/relative\"]}").statusCode()).isEqualTo(400);
    }
}
