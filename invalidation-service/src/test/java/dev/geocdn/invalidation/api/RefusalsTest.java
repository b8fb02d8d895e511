package dev.geocdn.invalidation.api;

import dev.geocdn.invalidation.support.Service;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import dev.geocdn.invalidation.support.OnBroker;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.geocdn.invalidation.support.Service.BURST;
import static dev.geocdn.invalidation.support.Service.OPS;
import static dev.geocdn.invalidation.support.Service.VIEWER;
import static dev.geocdn.invalidation.support.Service.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every refusal over real sockets: the status, a JSON body that says why (never a stack
 * trace), the headers the RFCs ask for, and nothing written to the purge log.
 */
class RefusalsTest {

    @RegisterExtension
    static final OnBroker on = new OnBroker();
    private long purgesBefore;

    @BeforeEach
    void countPurges() {
        purgesBefore = on.broker().purgesEnd();
    }

    @AfterEach
    void nothingWasWritten() {
        assertThat(on.broker().purgesEnd()).as("records on the purge log").isEqualTo(purgesBefore);
    }

    /** The status, and a JSON error body naming it, with a message containing {@code message} and no stack trace. */
    private static JsonNode refused(HttpResponse<String> response, int status, String message) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode body = json(response);
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("path").asString()).startsWith("/v1/purge");
        assertThat(body.get("message").asString()).contains(message);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("trace");
        return body;
    }

    @Test
    void noToken_is401_withABearerChallenge() {
        HttpResponse<String> response = on.service().post(null, "{\"surrogateKeys\": [\"k\"]}");

        refused(response, 401, "a bearer token is needed");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"geocdn-invalidation\"");
    }

    @Test
    void aWrongToken_is401_invalidToken() {
        HttpResponse<String> response = on.service().post("ops-secret-0123456788", "{\"surrogateKeys\": [\"k\"]}");

        refused(response, 401, "unknown token");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v ->
                assertThat(v).startsWith("Bearer realm=\"geocdn-invalidation\"").contains("error=\"invalid_token\""));
    }

    @Test
    void aReadOnlyToken_is403_insufficientScope() {
        HttpResponse<String> response = on.service().post(VIEWER, "{\"surrogateKeys\": [\"k\"]}");

        refused(response, 403, "token 'viewer' may not purge (its scopes: [read])");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v ->
                assertThat(v).contains("error=\"insufficient_scope\"").contains("scope=\"purge\""));
    }

    @Test
    void badJson_is400_withTheParsersMessage() {
        refused(on.service().post(OPS, "{\"urls\": [\"https://cdn.example.com/a\""), 400, "malformed JSON at line 1");
    }

    @Test
    void anUnknownField_is400_namingIt() {
        refused(on.service().post(OPS, "{\"url\": [\"https://cdn.example.com/a\"]}"), 400, "unknown field 'url'");
    }

    @Test
    void aRelativeUrl_is400_namingIt() {
        refused(on.service().post(OPS, "{\"urls\": [\"https://cdn.example.com/a\", \"/b\"]}"), 400,
                "urls[1] must be an absolute http or https URL");
    }

    @Test
    void noTarget_is400() {
        refused(on.service().post(OPS, "{\"urls\": [], \"consistency\": \"strong\"}"), 400, "at least one target");
    }

    @Test
    void aTimeoutAboveTheMaximum_is400() {
        refused(on.service().post(OPS, "{\"surrogateKeys\": [\"k\"], \"consistency\": \"strong\", \"timeoutMs\": 60000}"), 400,
                "timeoutMs must be between 1 and 30000");
    }

    @Test
    void aBodyOverTheLimit_is413_sayingItsSizeAndTheLimit() {
        String big = "{\"surrogateKeys\": [\"" + "k".repeat(70 * 1024) + "\"]}";

        JsonNode body = refused(on.service().post(OPS, big), 413, "bytes accepted");

        assertThat(body.get("message").asString()).isEqualTo("the body is "
                + big.getBytes(StandardCharsets.UTF_8).length + " bytes, more than the 65536 bytes accepted"
                + " (cdn.invalidation.limits.max-body-size): split the purge");
    }

    @Test
    void aChunkedBodyOverTheLimit_is413_asItIsRead() {
        byte[] big = ("{\"surrogateKeys\": [\"" + "k".repeat(70 * 1024) + "\"]}").getBytes(StandardCharsets.UTF_8);

        JsonNode body = refused(on.service().post(OPS, "application/json", HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(big))), 413, "bytes accepted");

        assertThat(body.get("message").asString()).isEqualTo("the body is more than the 65536 bytes accepted"
                + " (cdn.invalidation.limits.max-body-size): split the purge");
    }

    @Test
    void tooManyTargets_is413_sayingToSplit() {
        String keys = IntStream.range(0, 1001).mapToObj(i -> "\"k" + i + "\"").collect(Collectors.joining(","));

        refused(on.service().post(OPS, "{\"surrogateKeys\": [" + keys + "]}"), 413, "names 1001: split it");
    }

    @Test
    void anotherContentType_is415_sayingWhichOne() {
        HttpResponse<String> response = on.service().post(OPS, "text/plain",
                HttpRequest.BodyPublishers.ofString("{\"surrogateKeys\": [\"k\"]}"));

        refused(response, 415, "application/json (UTF-8); this request has text/plain");
        assertThat(response.headers().firstValue("Accept")).hasValue("application/json");
    }

    @Test
    void noContentType_is415() {
        refused(on.service().post(OPS, null, HttpRequest.BodyPublishers.ofString("{\"surrogateKeys\": [\"k\"]}")), 415,
                "this request has none");
    }

    @Test
    void overTheRateLimit_is429_withRetryAfter_andRefusedRequestsCount() {
        refused(on.service().post(BURST, "{"), 400, "malformed JSON");
        refused(on.service().post(BURST, "{"), 400, "malformed JSON");

        HttpResponse<String> response = on.service().post(BURST, "{\"surrogateKeys\": [\"k\"]}");

        refused(response, 429, "token 'burst' is over its purge rate limit");
        assertThat(response.headers().firstValue("Retry-After")).hasValueSatisfying(v ->
                assertThat(Long.parseLong(v)).isBetween(1L, 3600L));
        assertThat(on.service().post(OPS, "{").statusCode()).as("other tokens keep their share").isEqualTo(400);
    }

    @Test
    void otherMethods_are405_namingTheAllowedOne() {
        HttpResponse<String> response = on.service().get(OPS, "/v1/purge");

        refused(response, 405, "use POST");
        assertThat(response.headers().firstValue("Allow")).hasValue("POST");
    }
}
