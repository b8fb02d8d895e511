package dev.geocdn.node;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;

import static dev.geocdn.node.NodeFixture.cacheStatus;
import static dev.geocdn.node.Requests.enc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 9111 through the proxy: what is stored (section 3), for how long (section 4.2), and the
 * targeted CDN-Cache-Control field (RFC 9213).
 */
class FreshnessAndStorabilityTest {

    static NodeFixture node;

    @BeforeAll
    static void start() {
        node = NodeFixture.start();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static long originCount(String path) {
        return node.origin.requestCount(path);
    }

    @Test
    void maxAgeMakesTheResponseFreshForThatLong() {
        String path = "/objects/fs-max-age?size=100&cc=max-age%3D120";
        node.get(path);
        HttpResponse<byte[]> hit = node.get(path);

        assertThat(cacheStatus(hit)).contains("hit");
        assertThat(Requests.ttl(hit)).isBetween(118L, 120L);
        assertThat(originCount("/objects/fs-max-age")).isEqualTo(1);
    }

    @Test
    void sMaxAgeOverridesMaxAgeForThisSharedCache() {
        String path = "/objects/fs-s-maxage?size=100&cc=" + enc("max-age=0, s-maxage=90");
        node.get(path);
        HttpResponse<byte[]> hit = node.get(path);

        assertThat(cacheStatus(hit)).contains("hit");
        assertThat(Requests.ttl(hit)).isBetween(88L, 90L);
        assertThat(originCount("/objects/fs-s-maxage")).isEqualTo(1);
    }

    @Test
    void expiresInTheFutureMakesTheResponseFresh() {
        String expires = Requests.httpDate(Instant.now().plusSeconds(300));
        String path = "/objects/fs-expires?size=100&expires=" + enc(expires);
        node.get(path);
        HttpResponse<byte[]> hit = node.get(path);

        assertThat(cacheStatus(hit)).contains("hit");
        assertThat(Requests.ttl(hit)).isBetween(290L, 300L);
        assertThat(originCount("/objects/fs-expires")).isEqualTo(1);
    }

    @Test
    void expiresInThePastWithoutAValidatorIsNotReused() {
        String expires = Requests.httpDate(Instant.now().minusSeconds(300));
        String path = "/objects/fs-expired?size=100&expires=" + enc(expires);
        node.get(path);
        HttpResponse<byte[]> second = node.get(path);

        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(cacheStatus(second)).doesNotContain("hit");
        assertThat(originCount("/objects/fs-expired")).isEqualTo(2);
    }

    @Test
    void lastModifiedAloneGivesHeuristicFreshnessOfATenthOfItsAge() {
        // modified 10000 s ago: heuristic lifetime 1000 s
        String path = "/objects/fs-heuristic?size=100&lm=10000";
        node.get(path);
        HttpResponse<byte[]> hit = node.get(path);

        assertThat(cacheStatus(hit)).contains("hit");
        assertThat(Requests.ttl(hit)).isBetween(995L, 1000L);
        assertThat(originCount("/objects/fs-heuristic")).isEqualTo(1);
    }

    @ParameterizedTest(name = "Cache-Control: {0}")
    @ValueSource(strings = {"no-store", "private", "private, max-age=60", "no-store, max-age=60"})
    void noStoreAndPrivateResponsesAreNeverStored(String cacheControl) {
        String name = "fs-not-stored-" + cacheControl.replaceAll("[^a-z0-9]", "");
        String path = "/objects/" + name + "?size=100&cc=" + enc(cacheControl);
        HttpResponse<byte[]> first = node.get(path);
        HttpResponse<byte[]> second = node.get(path);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(cacheStatus(second)).contains("fwd=uri-miss").doesNotContain("stored").doesNotContain("hit");
        assertThat(second.body()).hasSize(100);
        assertThat(originCount("/objects/" + name)).isEqualTo(2);
    }

    @Test
    void aResponseToARequestWithAuthorizationIsNotStoredByDefault() {
        String path = "/objects/fs-auth?size=100&cc=max-age%3D60";
        HttpResponse<byte[]> first = node.get(path, "Authorization", "Bearer alice");
        HttpResponse<byte[]> second = node.get(path, "Authorization", "Bearer alice");
        HttpResponse<byte[]> anonymous = node.get(path);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(cacheStatus(first)).contains("detail=authorization").doesNotContain("stored");
        assertThat(cacheStatus(second)).doesNotContain("hit");
        assertThat(cacheStatus(anonymous)).doesNotContain("hit");
        assertThat(originCount("/objects/fs-auth")).isEqualTo(3);
    }

    @ParameterizedTest(name = "Cache-Control: {0}")
    @ValueSource(strings = {"public, max-age=60", "s-maxage=60"})
    void aResponseToARequestWithAuthorizationIsStoredWhenPublicOrSMaxAge(String cacheControl) {
        String name = "fs-auth-ok-" + cacheControl.replaceAll("[^a-z0-9]", "");
        String path = "/objects/" + name + "?size=100&cc=" + enc(cacheControl);
        HttpResponse<byte[]> first = node.get(path, "Authorization", "Bearer alice");
        HttpResponse<byte[]> anonymous = node.get(path);

        assertThat(cacheStatus(first)).contains("stored");
        assertThat(cacheStatus(anonymous)).contains("hit");
        assertThat(anonymous.body()).isEqualTo(first.body());
        assertThat(originCount("/objects/" + name)).isEqualTo(1);
    }

    @Test
    void requestsWithAuthorizationAreNeverCollapsed() {
        String path = "/objects/fs-auth-collapse?size=100&delay=600&cc=" + enc("public, max-age=60");
        List<HttpResponse<byte[]>> responses = Requests.concurrently(node, 4, path, "Authorization", "Bearer alice");

        assertThat(responses).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(cacheStatus(r)).doesNotContain("collapsed");
        });
        assertThat(originCount("/objects/fs-auth-collapse")).isEqualTo(4);
    }

    @Test
    void aResponseThatSetsACookieIsNotStored() {
        String path = "/objects/fs-cookie?size=100&cc=max-age%3D60&setcookie=" + enc("session=abc");
        HttpResponse<byte[]> first = node.get(path);
        HttpResponse<byte[]> second = node.get(path);

        assertThat(first.headers().allValues("Set-Cookie")).containsExactly("session=abc");
        assertThat(cacheStatus(second)).contains("detail=set-cookie").doesNotContain("hit");
        assertThat(originCount("/objects/fs-cookie")).isEqualTo(2);
    }

    @Test
    void cdnCacheControlMaxAgeOutranksCacheControlNoStore() {
        String path = "/objects/fs-cdncc-store?size=100&cc=no-store&cdncc=max-age%3D60";
        node.get(path);
        HttpResponse<byte[]> hit = node.get(path);

        assertThat(cacheStatus(hit)).contains("hit");
        assertThat(originCount("/objects/fs-cdncc-store")).isEqualTo(1);
    }

    @Test
    void cdnCacheControlNoStoreOutranksCacheControlMaxAge() {
        String path = "/objects/fs-cdncc-nostore?size=100&cc=max-age%3D60&cdncc=no-store";
        node.get(path);
        HttpResponse<byte[]> second = node.get(path);

        assertThat(cacheStatus(second)).contains("detail=no-store").doesNotContain("hit");
        assertThat(originCount("/objects/fs-cdncc-nostore")).isEqualTo(2);
    }

    @Test
    void varyStoresOneVariantPerAcceptEncodingValue_andBothAreHitsAfterwards() {
        String path = "/objects/fs-vary?size=100&cc=max-age%3D60&vary=Accept-Encoding";
        HttpResponse<byte[]> gzip = node.get(path, "Accept-Encoding", "gzip");
        HttpResponse<byte[]> br = node.get(path, "Accept-Encoding", "br");
        HttpResponse<byte[]> gzipAgain = node.get(path, "Accept-Encoding", "gzip");
        HttpResponse<byte[]> brAgain = node.get(path, "Accept-Encoding", "br");

        assertThat(cacheStatus(gzip)).contains("fwd=uri-miss").contains("stored");
        assertThat(cacheStatus(br)).contains("fwd=vary-miss").contains("stored");
        assertThat(cacheStatus(gzipAgain)).contains("hit");
        assertThat(cacheStatus(brAgain)).contains("hit");
        assertThat(gzipAgain.headers().firstValue("Vary")).hasValue("Accept-Encoding");
        assertThat(originCount("/objects/fs-vary")).isEqualTo(2);
        assertThat(Requests.originRequests(node, "/objects/fs-vary"))
                .extracting(r -> r.header("Accept-Encoding")).containsExactly("gzip", "br");
    }

    @Test
    void equivalentAcceptLanguageAndAcceptEncodingSpellings_shareOneVariant() {
        String path = "/objects/fs-vary-norm?size=100&cc=max-age%3D60&vary=Accept-Language,Accept-Encoding";
        HttpResponse<byte[]> first = node.get(path, "Accept-Language", "en-US,en;q=0.9", "Accept-Encoding", "gzip, br");
        HttpResponse<byte[]> same = node.get(path, "Accept-Language", "en-us, EN; q=0.900", "Accept-Encoding", "BR,gzip;q=1");
        HttpResponse<byte[]> other = node.get(path, "Accept-Language", "en;q=0.9, de", "Accept-Encoding", "gzip, br");

        assertThat(cacheStatus(first)).contains("stored");
        assertThat(cacheStatus(same)).contains("hit");
        assertThat(cacheStatus(other)).contains("fwd=vary-miss");
        assertThat(originCount("/objects/fs-vary-norm")).isEqualTo(2);
    }

    @Test
    void varyStarIsNeverStored() {
        String path = "/objects/fs-vary-star?size=100&cc=max-age%3D60&vary=*";
        node.get(path);
        HttpResponse<byte[]> second = node.get(path);

        assertThat(cacheStatus(second)).contains("detail=vary-star").doesNotContain("hit");
        assertThat(originCount("/objects/fs-vary-star")).isEqualTo(2);
    }

    @Test
    void anAgeFromUpstreamBeyondMaxAgeMakesTheResponseStaleAtOnce() {
        String path = "/objects/fs-upstream-age?size=100&cc=max-age%3D60&age=100";
        HttpResponse<byte[]> first = node.get(path);
        HttpResponse<byte[]> second = node.get(path);

        assertThat(first.headers().firstValue("Age")).hasValueSatisfying(a -> assertThat(Long.parseLong(a)).isGreaterThanOrEqualTo(100));
        assertThat(Requests.ttl(first)).isNegative();
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(cacheStatus(second)).contains("fwd=stale").doesNotContain("hit");
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(originCount("/objects/fs-upstream-age")).isEqualTo(2);
    }
}
