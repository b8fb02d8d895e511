package dev.geocdn.local;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The control API over real sockets, as a script or a person with curl meets it: parts stop and
 * start, the latency matrix is set, and every mistake (an unknown part or path, a wrong method,
 * a broken body) is answered with a status and a short JSON message in the API's own words.
 */
class ControlApiTest {

    private static LocalWorld world;
    private static ControlApi control;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startWorld() {
        world = LocalWorld.start(WorldConfig.ephemeral());
        control = new ControlApi(world, 0);
    }

    @AfterAll
    static void stopWorld() {
        control.close();
        world.close();
    }

    private static HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body);
        return http.send(HttpRequest.newBuilder(URI.create(control.url() + path)).method(method, publisher).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path) throws Exception {
        return call("POST", path, null);
    }

    private static HttpResponse<String> latency(String method, String body) throws Exception {
        return call(method, "/v1/latency", body);
    }

    @Test
    void theControlApi_stopsAndStartsANode_andRefusesUnknownPartsAndActions() throws Exception {
        HttpResponse<String> stop = post("/v1/nodes/us-east-2/stop");
        assertThat(stop.statusCode()).isEqualTo(200);
        assertThat(world.isNodeRunning("us-east-2")).isFalse();
        String state = call("GET", "/v1/world", null).body();
        assertThat(state).contains("\"us-east-2\"").containsPattern("\"us-east-2\":\\{[^}]*\"running\":false");

        assertThat(post("/v1/nodes/us-east-2/start").statusCode()).isEqualTo(200);
        assertThat(world.isNodeRunning("us-east-2")).isTrue();

        HttpResponse<String> unknown = post("/v1/nodes/mars-1/stop");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("no such part: 'mars-1'").contains("us-west-1");
        HttpResponse<String> badAction = post("/v1/regions/us-west/explode");
        assertThat(badAction.statusCode()).isEqualTo(400);
        assertThat(badAction.body()).contains("action must be start or stop");
        assertThat(world.isNodeRunning("us-west-1")).isTrue();
        WorldHealth.awaitAllUp(world);
    }

    @Test
    void theControlApi_setsEmulatedLatency_andRefusesBadMatrices() throws Exception {
        HttpResponse<String> set = latency("PUT", "{\"us-west\": {\"us-east\": 120}}");
        assertThat(set.statusCode()).isEqualTo(200);
        assertThat(set.body()).contains("\"us-west\":{\"us-east\":120.0}");

        for (String bad : List.of("{\"mars\": {\"us-east\": 5}}", "{\"us-west\": {\"us-east\": -5}}",
                "{\"us-west\": {\"us-east\": null}}", "not json", "")) {
            HttpResponse<String> refused = latency("PUT", bad);
            assertThat(refused.statusCode()).as(bad).isEqualTo(400);
            assertThat(refused.body()).as(bad).contains("\"error\"");
        }
        assertThat(latency("GET", null).body()).as("a refused matrix changes nothing")
                .contains("\"us-west\":{\"us-east\":120.0}");
        assertThat(world.emulatedRtt()).isEqualTo(Map.of("us-west", Map.of("us-east", 120.0)));

        HttpResponse<String> off = latency("DELETE", null);
        assertThat(off.statusCode()).isEqualTo(200);
        assertThat(world.emulatedRtt()).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1} answers 405, Allow: {2}")
    @CsvSource(delimiter = '|', value = {
            "GET    | /v1/regions/us-west/stop | POST",
            "DELETE | /v1/nodes/us-west-1/start | POST",
            "GET    | /v1/origin/stop | POST",
            "POST   | /v1/world | GET",
            "POST   | /v1/latency | GET, PUT, DELETE"})
    void aWrongMethodOnAnExistingPath_answers405_withTheAllowedMethods(String method, String path, String allowed)
            throws Exception {
        HttpResponse<String> response = call(method, path, null);

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue(allowed);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo("{\"error\":\"" + method + " is not allowed on " + path
                + "; allowed: " + allowed + "\"}");
        assertThat(world.isNodeRunning("us-west-1")).as("nothing was done").isTrue();
    }

    @Test
    void anUnknownPath_answers404_namingThePathAndListingTheRoutes() throws Exception {
        HttpResponse<String> response = call("GET", "/v1/wrold?verbose=1", null);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).startsWith("{\"error\":\"no such path: /v1/wrold\"")
                .contains("\"GET /v1/world\"", "\"POST /v1/nodes/{id}/{action}\"", "\"GET|PUT|DELETE /v1/latency\"");
    }

    @ParameterizedTest(name = "PUT /v1/latency with {0}")
    @ValueSource(strings = {"{\"us-west\": {\"us-east\": 60", "{\"us-west\": {\"us-east\" 60}}", "[1, 2]",
            "{\"us-west\": 60}", "{\"us-west\": {\"us-east\": \"fast\"}}", "{\"us-west\": {\"us-east\": {}}}",
            "{\"us-west\": null}", "null", "   "})
    void aBrokenOrWronglyTypedMatrix_answers400_inTheApisOwnWords(String body) throws Exception {
        Map<String, Map<String, Double>> before = world.emulatedRtt();

        HttpResponse<String> response = latency("PUT", body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).startsWith("{\"error\":\"body must be a JSON matrix of RTT milliseconds")
                .doesNotContain("Source:", "[Source", "tools.jackson", "com.fasterxml", "java.", "Exception",
                        "\tat ", "Cannot deserialize", "MismatchedInput");
        assertThat(response.body().length()).as("short: " + response.body()).isLessThan(200);
        assertThat(world.emulatedRtt()).as("nothing changed").isEqualTo(before);
    }

    @Test
    void aRefusedMatrix_saysWhereItIsWrong() throws Exception {
        assertThat(latency("PUT", "{\"us-west\": {\"eu-west\": \"far\"}}").body())
                .contains("'us-west' -> 'eu-west' must be a number of milliseconds");
        assertThat(latency("PUT", "{\"us-west\": 140}").body())
                .contains("'us-west' must be an object of region to RTT milliseconds");
        assertThat(latency("PUT", "{\n  \"us-west\": {\"eu-west\": 140,}\n}").body())
                .contains("the body is not valid JSON (line 2");
        assertThat(latency("PUT", "{\"mars\": {\"us-east\": 5}}").body())
                .contains("no such region: 'mars' (known: us-west, us-east, eu-west)");
    }
}
