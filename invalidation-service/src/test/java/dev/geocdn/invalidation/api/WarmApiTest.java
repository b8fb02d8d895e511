package dev.geocdn.invalidation.api;

import com.sun.net.httpserver.HttpServer;
import dev.geocdn.invalidation.support.OnBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static dev.geocdn.invalidation.support.Service.OPS;
import static dev.geocdn.invalidation.support.Service.VIEWER;
import static dev.geocdn.invalidation.support.Service.WARMER;
import static dev.geocdn.invalidation.support.Service.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The warming API over real sockets: who may start and follow a job, what is refused and why,
 * and a job's progress when its nodes cannot be reached or its sitemap cannot be read. That the
 * owner node of each region fills each URL once and skips fresh ones is shown on the whole
 * system, in the local world's tests. The nodes configured here listen nowhere.
 */
class WarmApiTest {

    @RegisterExtension
    static final OnBroker on = new OnBroker();
    private static HttpServer site;

    @BeforeAll
    static void startSite() throws IOException {
        site = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        site.createContext("/sitemap.xml", exchange -> {
            byte[] body = ("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
                    + "<url><loc>https://cdn.example.com/a</loc></url>"
                    + "<url><loc>https://cdn.example.com/b</loc></url>"
                    + "<url><loc>not a url</loc></url></urlset>").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/xml");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        site.start();
    }

    @AfterAll
    static void stopSite() {
        site.stop(0);
    }

    private static HttpResponse<String> warm(String token, String json) {
        return on.service().post("/v1/warm", token, "application/json", HttpRequest.BodyPublishers.ofString(json));
    }

    private static JsonNode finished(String id) {
        await().atMost(Duration.ofSeconds(20)).until(() ->
                json(on.service().get(VIEWER, "/v1/warm/" + id)).get("status").asString().equals("done"));
        return json(on.service().get(VIEWER, "/v1/warm/" + id));
    }

    @Test
    void aJobIsAccepted_andFollowed_andSaysWhyNodesCouldNotWarm() {
        HttpResponse<String> response = warm(WARMER, """
                {"urls": ["https://cdn.example.com/x", "HTTPS://CDN.EXAMPLE.COM/x"], "regions": ["eu-west"]}""");

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode accepted = json(response);
        String id = accepted.get("id").asString();
        assertThat(response.headers().firstValue("Location")).hasValue("/v1/warm/" + id);
        assertThat(accepted.get("requestedBy").asString()).isEqualTo("warmer");
        assertThat(accepted.get("urls").asInt()).isEqualTo(1);
        assertThat(accepted.get("regions").propertyNames()).containsExactly("eu-west");

        JsonNode eu = finished(id).get("regions").get("eu-west");
        assertThat(eu.get("total").asInt()).isEqualTo(1);
        assertThat(eu.get("failed").asInt()).isEqualTo(1);
        assertThat(eu.get("warmed").asInt()).isZero();
        JsonNode failure = eu.get("failures").get(0);
        assertThat(failure.get("url").asString()).isEqualTo("https://cdn.example.com/x");
        assertThat(failure.get("why").asString()).contains("could not be reached");
    }

    @Test
    void aSitemapsPagesAreWarmedInEveryRegion() {
        String sitemap = "http://127.0.0.1:" + site.getAddress().getPort() + "/sitemap.xml";
        String id = json(warm(WARMER, "{\"urls\": [\"https://cdn.example.com/a\"], \"sitemap\": \"" + sitemap + "\"}"))
                .get("id").asString();

        JsonNode job = finished(id);
        assertThat(job.get("sitemap").get("status").asString()).isEqualTo("read");
        assertThat(job.get("sitemap").get("pages").asInt()).isEqualTo(2);
        assertThat(job.get("sitemap").get("invalid").asInt()).isEqualTo(1);
        assertThat(job.get("urls").asInt()).isEqualTo(2);
        assertThat(job.get("regions").propertyNames()).containsExactlyInAnyOrder("eu-west", "us-west");
        job.get("regions").forEach(region -> assertThat(region.get("total").asInt()).isEqualTo(2));
    }

    @Test
    void aSitemapThatCannotBeRead_isReported_andTheListedUrlsAreStillWarmed() {
        String missing = "http://127.0.0.1:" + site.getAddress().getPort() + "/nothing.xml";
        String id = json(warm(WARMER, "{\"urls\": [\"https://cdn.example.com/a\"], \"sitemap\": \"" + missing + "\"}"))
                .get("id").asString();

        JsonNode job = finished(id);
        assertThat(job.get("sitemap").get("status").asString()).isEqualTo("failed");
        assertThat(job.get("sitemap").get("error").asString()).contains("answered 404");
        job.get("regions").forEach(region -> assertThat(region.get("total").asInt()).isEqualTo(1));
    }

    @Test
    void refusals() {
        assertThat(warm(null, "{\"urls\": [\"https://a/\"]}").statusCode()).isEqualTo(401);
        HttpResponse<String> purgeOnly = warm(OPS, "{\"urls\": [\"https://a/\"]}");
        assertThat(purgeOnly.statusCode()).isEqualTo(403);
        assertThat(json(purgeOnly).get("message").asString()).isEqualTo("token 'ops' may not start warming jobs (its scopes: [purge])");
        assertThat(purgeOnly.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).contains("scope=\"warm\""));
        assertThat(on.service().post("/v1/warm", WARMER, "text/plain", HttpRequest.BodyPublishers.ofString("x"))
                .statusCode()).isEqualTo(415);
        HttpResponse<String> unknownField = warm(WARMER, "{\"url\": [\"https://a/\"]}");
        assertThat(unknownField.statusCode()).isEqualTo(400);
        assertThat(json(unknownField).get("message").asString()).contains("unknown field 'url'", "urls, sitemap, regions");
        HttpResponse<String> mars = warm(WARMER, "{\"urls\": [\"https://a/\"], \"regions\": [\"mars\"]}");
        assertThat(mars.statusCode()).isEqualTo(400);
        assertThat(json(mars).get("message").asString()).contains("'mars' is not a region");
        assertThat(on.service().get(WARMER, "/v1/warm/no-such-job").statusCode()).isEqualTo(404);
        assertThat(on.service().get(null, "/v1/warm/no-such-job").statusCode()).isEqualTo(401);
    }
}
