package dev.geocdn.node;

import dev.geocdn.node.peers.InterRegionTraffic;
import dev.geocdn.origin.OriginMock;
import dev.geocdn.origin.OriginMockConfig;
import dev.geocdn.origin.RecordedRequest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;

import static dev.geocdn.node.NodeFixture.cacheStatus;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ranges and large objects through a parent tier, as from the origin: a child that fills by parts
 * asks its parent for the part alone, so only the part crosses between regions; an object too
 * large for the child streams through it while the parent keeps it, so the next request crosses
 * once more but never reaches the origin.
 */
class ShieldRangesTest {

    private static byte[] fromOrigin(OriginMock origin, String pathAndQuery) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create(origin.baseUrl() + pathAndQuery)).build(),
                    HttpResponse.BodyHandlers.ofByteArray()).body();
        }
    }

    private static long fillBytes(NodeFixture child) {
        Long bytes = child.context.getBean(InterRegionTraffic.class).totals()
                .get(new InterRegionTraffic.Link("parent", "child", InterRegionTraffic.Reason.FILL));
        return bytes == null ? 0 : bytes;
    }

    @Test
    void aRangeMissInTheChild_asksTheParentForThePartAlone_whichAsksTheOriginForItAlone()
            throws IOException, InterruptedException {
        try (OriginMock origin = OriginMock.start(OriginMockConfig.defaults());
             NodeFixture parent = NodeFixture.start(origin, false, "cdn.region=parent", "cdn.node-id=parent-1",
                     "cdn.cache.range-fill=parts");
             NodeFixture child = NodeFixture.start(origin, false,
                     ShieldTest.childOf(parent, "cdn.cache.range-fill=parts"))) {
            String path = "/objects/tier-part?size=100000&cc=max-age%3D600&etag=v1";

            HttpResponse<byte[]> first = child.get(path, "Range", "bytes=1000-1999");
            HttpResponse<byte[]> again = child.get(path, "Range", "bytes=1000-1999");

            assertThat(first.statusCode()).isEqualTo(206);
            assertThat(first.headers().firstValue("Content-Range")).hasValue("bytes 1000-1999/100000");
            assertThat(cacheStatus(first)).matches("parent-1; fwd=uri-miss; .*, child-1; fwd=uri-miss; .*");
            List<RecordedRequest> atOrigin = Requests.originRequests(parent, "/objects/tier-part");
            assertThat(atOrigin).hasSize(1);
            assertThat(atOrigin.getFirst().header("Range")).isEqualTo("bytes=1000-1999");
            assertThat(fillBytes(child)).as("the part and its fields crossed, not the object")
                    .isBetween(1000L, 3000L);
            assertThat(again.statusCode()).isEqualTo(206);
            assertThat(cacheStatus(again)).as("the child's own entry is a hit; the parent's is the one it stored")
                    .matches("parent-1; fwd=uri-miss; .*, child-1; hit; ttl=\\d+");

            byte[] whole = fromOrigin(origin, path);
            assertThat(first.body()).isEqualTo(Arrays.copyOfRange(whole, 1000, 2000));
            assertThat(again.body()).isEqualTo(first.body());
        }
    }

    @Test
    void anObjectTooLargeForTheChild_streamsThroughIt_andThe2ndRequestIsTheParentsHit()
            throws IOException, InterruptedException {
        try (OriginMock origin = OriginMock.start(OriginMockConfig.defaults());
             NodeFixture parent = NodeFixture.start(origin, false, "cdn.region=parent", "cdn.node-id=parent-1");
             NodeFixture child = NodeFixture.start(origin, false,
                     ShieldTest.childOf(parent, "cdn.cache.max-object-size=4KB"))) {
            String path = "/objects/tier-large?size=300000&cc=max-age%3D600";

            HttpResponse<byte[]> first = child.get(path);
            HttpResponse<byte[]> second = child.get(path);

            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(second.statusCode()).isEqualTo(200);
            assertThat(cacheStatus(second)).startsWith("parent-1; hit");
            assertThat(origin.requestCount("/objects/tier-large")).isEqualTo(1);
            assertThat(fillBytes(child)).as("the body crossed once per request").isGreaterThanOrEqualTo(600_000L);

            byte[] whole = fromOrigin(origin, path);
            assertThat(first.body()).isEqualTo(whole);
            assertThat(second.body()).isEqualTo(whole);
        }
    }
}
