package dev.geocdn.node;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;

import static dev.geocdn.node.NodeFixture.cacheStatus;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The origin's purge tags ({@code Surrogate-Key}, {@code Cache-Tag}) are for the CDN: clients
 * never see them, on any path a response takes (miss, the hit fast path, HEAD, 304, 206,
 * pass-through), while the cache keeps them for purges. An operator can pass them on, or strip
 * other fields instead.
 */
class ClientFieldsTest {

    static NodeFixture stripping;
    static NodeFixture passing;
    static NodeFixture custom;

    @BeforeAll
    static void start() {
        stripping = NodeFixture.start(); // the default
        passing = NodeFixture.start(stripping.origin, false, "cdn.edge.strip-response-fields=");
        custom = NodeFixture.start(stripping.origin, false, "cdn.edge.strip-response-fields=X-Internal-Build");
    }

    @AfterAll
    static void stop() {
        custom.close();
        passing.close();
        stripping.close();
    }

    private static String tagged(String name, String cc) {
        return "/objects/" + name + "?size=100&etag=%22v1%22&cc=" + cc + "&sk=product-42%20catalog"
                + "&header=Cache-Tag:shop,product-42&header=X-Internal-Build:1234";
    }

    private static void assertNoTags(HttpResponse<?> response, String path) {
        assertThat(response.headers().firstValue("Surrogate-Key")).as(path + ": Surrogate-Key").isEmpty();
        assertThat(response.headers().firstValue("Cache-Tag")).as(path + ": Cache-Tag").isEmpty();
        assertThat(response.headers().firstValue("X-Internal-Build")).as(path + ": other fields pass").contains("1234");
    }

    @Test
    void purgeTags_neverReachClients_onAnyPath() {
        String path = tagged("tags-stripped", "max-age%3D600");
        HttpResponse<byte[]> miss = stripping.get(path);
        HttpResponse<byte[]> hit = stripping.get(path);
        assertThat(cacheStatus(hit)).contains("hit");
        HttpResponse<byte[]> head = stripping.send("HEAD", path);
        HttpResponse<byte[]> notModified = stripping.get(path, "If-None-Match", "\"v1\"");
        HttpResponse<byte[]> partial = stripping.get(path, "Range", "bytes=0-9");
        String passPath = tagged("tags-stripped-pass", "no-store");
        HttpResponse<byte[]> passed = stripping.get(passPath);

        assertThat(List.of(miss.statusCode(), hit.statusCode(), head.statusCode(), notModified.statusCode(),
                partial.statusCode(), passed.statusCode())).containsExactly(200, 200, 200, 304, 206, 200);
        for (HttpResponse<byte[]> response : List.of(miss, hit, head, notModified, partial)) {
            assertThat(response.headers().firstValue("Surrogate-Key")).as("Surrogate-Key").isEmpty();
            assertThat(response.headers().firstValue("Cache-Tag")).as("Cache-Tag").isEmpty();
        }
        assertNoTags(miss, "miss");
        assertNoTags(hit, "hit");
        assertNoTags(passed, "pass-through");
    }

    @Test
    void anEmptyList_passesThemOn() {
        String path = tagged("tags-passed", "max-age%3D600");
        passing.get(path);
        HttpResponse<byte[]> hit = passing.get(path);

        assertThat(cacheStatus(hit)).contains("hit");
        assertThat(hit.headers().firstValue("Surrogate-Key")).contains("product-42 catalog");
        assertThat(hit.headers().firstValue("Cache-Tag")).contains("shop,product-42");
    }

    @Test
    void aListOfItsOwn_stripsThoseFieldsInstead() {
        String path = tagged("tags-custom", "max-age%3D600");
        HttpResponse<byte[]> miss = custom.get(path);
        HttpResponse<byte[]> hit = custom.get(path);

        for (HttpResponse<byte[]> response : List.of(miss, hit)) {
            assertThat(response.headers().firstValue("X-Internal-Build")).isEmpty();
            assertThat(response.headers().firstValue("Surrogate-Key")).contains("product-42 catalog");
        }
    }
}
