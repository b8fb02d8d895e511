package dev.geocdn.node;

import dev.geocdn.origin.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;

import static dev.geocdn.node.NodeFixture.cacheStatus;
import static dev.geocdn.node.Requests.enc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unsafe methods (RFC 9111 section 4.4) go through to the origin uncached, and a successful
 * one invalidates what is stored for its URL and for a same-origin Location.
 */
class UnsafeMethodInvalidationTest {

    static NodeFixture node;

    @BeforeAll
    static void start() {
        node = NodeFixture.start();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH"})
    void anUnsafeRequestPassesThroughAndInvalidatesTheCachedUrl(String method) {
        String name = "/objects/unsafe-" + method.toLowerCase();
        String path = name + "?size=200&cc=max-age%3D60";
        HttpResponse<byte[]> cached = node.get(path);
        assertThat(cacheStatus(node.get(path))).contains("hit");

        HttpResponse<byte[]> unsafe = node.send(method, path);
        HttpResponse<byte[]> afterwards = node.get(path);

        assertThat(unsafe.statusCode()).isEqualTo(200);
        assertThat(cacheStatus(unsafe)).isEqualTo("test-node; fwd=method; fwd-status=200");
        assertThat(new String(unsafe.body())).contains("\"method\":\"" + method + "\"");
        assertThat(afterwards.statusCode()).isEqualTo(200);
        assertThat(cacheStatus(afterwards)).startsWith("test-node; fwd=uri-miss");
        assertThat(afterwards.body()).isEqualTo(cached.body());
        assertThat(Requests.originRequests(node, name)).extracting(RecordedRequest::method)
                .containsExactly("GET", method, "GET");
    }

    @Test
    void theUnsafeResponseItselfIsNotStored() {
        String path = "/objects/unsafe-not-stored?size=200&cc=max-age%3D60";
        node.send("POST", path);
        HttpResponse<byte[]> get = node.get(path);
        node.send("POST", path);

        assertThat(cacheStatus(get)).startsWith("test-node; fwd=uri-miss");
        assertThat(get.body()).hasSize(200); // the object, not the echo of the POST
        assertThat(Requests.originRequests(node, "/objects/unsafe-not-stored")).extracting(RecordedRequest::method)
                .containsExactly("POST", "GET", "POST");
    }

    @Test
    void aSameHostLocationInTheUnsafeResponseIsInvalidatedToo() {
        String other = "/objects/unsafe-location-target?size=300&cc=max-age%3D60";
        node.get(other);
        assertThat(cacheStatus(node.get(other))).contains("hit");

        HttpResponse<byte[]> post = node.send("POST", "/objects/unsafe-location-source?location=" + enc(other));
        HttpResponse<byte[]> afterwards = node.get(other);

        assertThat(post.statusCode()).isEqualTo(200);
        assertThat(post.headers().firstValue("Location")).hasValue(other);
        assertThat(cacheStatus(afterwards)).startsWith("test-node; fwd=uri-miss");
        assertThat(node.origin.requestCount("/objects/unsafe-location-target")).isEqualTo(2);
    }

    @Test
    void aLocationOnAnotherHostInvalidatesNothing() {
        String other = "/objects/unsafe-foreign-location?size=300&cc=max-age%3D60";
        node.get(other);

        String foreign = "http://elsewhere.example:" + node.port() + other;
        HttpResponse<byte[]> post = node.send("POST", "/objects/unsafe-foreign-source?location=" + enc(foreign));
        HttpResponse<byte[]> afterwards = node.get(other);

        assertThat(post.statusCode()).isEqualTo(200);
        assertThat(cacheStatus(afterwards)).startsWith("test-node; hit");
        assertThat(node.origin.requestCount("/objects/unsafe-foreign-location")).isEqualTo(1);
    }

    @Test
    void aFailedUnsafeRequestDoesNotInvalidate() {
        // the origin refuses POST on /dynamic with 405: an error response invalidates nothing
        String path = "/dynamic/unsafe-refused?cc=max-age%3D60";
        HttpResponse<byte[]> cached = node.get(path);

        HttpResponse<byte[]> refused = node.send("POST", path);
        HttpResponse<byte[]> afterwards = node.get(path);

        assertThat(refused.statusCode()).isEqualTo(405);
        assertThat(cacheStatus(refused)).isEqualTo("test-node; fwd=method; fwd-status=405");
        assertThat(cacheStatus(afterwards)).startsWith("test-node; hit");
        assertThat(afterwards.body()).isEqualTo(cached.body());
    }
}
