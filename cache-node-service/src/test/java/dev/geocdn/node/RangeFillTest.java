package dev.geocdn.node;

import dev.geocdn.origin.OriginMock;
import dev.geocdn.origin.OriginMockConfig;
import dev.geocdn.origin.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static dev.geocdn.node.NodeFixture.cacheStatus;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Range requests filled by parts ({@code cdn.cache.range-fill=parts}, RFC 9111 sections 3.3 and
 * 3.4): the origin is asked only for what is missing, with If-Range once parts are held; what
 * parts cover is a hit; parts that cover the object make it whole; a changed object is never
 * stitched from two versions; a part past the object bound is relayed, not stored.
 */
class RangeFillTest {

    @TempDir
    static Path files;
    static NodeFixture node;
    /** A node with a 4 KiB object bound, in front of the same origin. */
    static NodeFixture bounded;
    /** A node with the default range fill (auto) and a 4 KiB object bound. */
    static NodeFixture auto;

    @BeforeAll
    static void start() {
        OriginMock origin = OriginMock.start(OriginMockConfig.defaults().withStaticRoot(files));
        node = NodeFixture.start(origin, true, "cdn.cache.range-fill=parts");
        bounded = NodeFixture.start(origin, false, "cdn.cache.range-fill=parts", "cdn.cache.max-object-size=4KB");
        auto = NodeFixture.start(origin, false, "cdn.cache.max-object-size=4KB");
    }

    @AfterAll
    static void stop() {
        auto.close();
        bounded.close();
        node.close();
    }

    /** The whole object as the origin serves it, for comparing bytes. */
    private static byte[] whole(String pathAndQuery) {
        try {
            return node.client.send(HttpRequest.newBuilder(URI.create(node.origin.baseUrl() + pathAndQuery)).build(),
                    HttpResponse.BodyHandlers.ofByteArray()).body();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] slice(byte[] bytes, int first, int last) {
        return Arrays.copyOfRange(bytes, first, last + 1);
    }

    private static List<RecordedRequest> originRequests(String path) {
        return Requests.originRequests(node, path).stream().filter(r -> r.header("Via") != null).toList();
    }

    @Test
    void aRangeMiss_asksTheOriginForThatRangeOnly_andTheSameRangeIsThenAHit() {
        String path = "/objects/rf-miss?size=10000&cc=max-age%3D600&etag=v1";

        HttpResponse<byte[]> first = node.get(path, "Range", "bytes=100-199");
        HttpResponse<byte[]> again = node.get(path, "Range", "bytes=100-199");
        HttpResponse<byte[]> within = node.get(path, "Range", "bytes=120-150");

        assertThat(first.statusCode()).isEqualTo(206);
        assertThat(first.headers().firstValue("Content-Range")).hasValue("bytes 100-199/10000");
        assertThat(first.body()).isEqualTo(slice(whole(path), 100, 199));
        assertThat(cacheStatus(first)).contains("fwd=uri-miss").contains("fwd-status=206").contains("stored");
        assertThat(cacheStatus(again)).contains("hit");
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(cacheStatus(within)).contains("hit");
        assertThat(within.body()).isEqualTo(slice(whole(path), 120, 150));
        List<RecordedRequest> asked = originRequests("/objects/rf-miss");
        assertThat(asked).hasSize(1);
        assertThat(asked.getFirst().header("Range")).isEqualTo("bytes=100-199");
        assertThat(asked.getFirst().header("If-Range")).isNull();
    }

    @Test
    void anOverlappingRange_asksOnlyForTheMissingBytes_withIfRange() {
        String path = "/objects/rf-overlap?size=10000&cc=max-age%3D600&etag=v1";
        node.get(path, "Range", "bytes=100-199");

        HttpResponse<byte[]> more = node.get(path, "Range", "bytes=150-299");

        assertThat(more.statusCode()).isEqualTo(206);
        assertThat(more.headers().firstValue("Content-Range")).hasValue("bytes 150-299/10000");
        assertThat(more.body()).isEqualTo(slice(whole(path), 150, 299));
        assertThat(cacheStatus(more)).contains("fwd=partial").contains("stored");
        RecordedRequest second = originRequests("/objects/rf-overlap").getLast();
        assertThat(second.header("Range")).isEqualTo("bytes=200-299");
        assertThat(second.header("If-Range")).isEqualTo("\"v1\"");
        assertThat(cacheStatus(node.get(path, "Range", "bytes=100-299"))).contains("hit");
    }

    @Test
    void partsThatCoverTheObject_makeItWhole_forEveryRequest() {
        String path = "/objects/rf-whole?size=1000&cc=max-age%3D600&etag=v1";
        node.get(path, "Range", "bytes=0-499");
        node.get(path, "Range", "bytes=500-");

        HttpResponse<byte[]> plain = node.get(path);
        HttpResponse<byte[]> suffix = node.get(path, "Range", "bytes=-10");

        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.body()).isEqualTo(whole(path));
        assertThat(cacheStatus(plain)).contains("hit");
        assertThat(suffix.body()).isEqualTo(slice(whole(path), 990, 999));
        assertThat(originRequests("/objects/rf-whole")).hasSize(2);
    }

    @Test
    void aPlainGetOnHeldParts_fetchesTheWhole_whichReplacesThem() {
        String path = "/objects/rf-plain?size=3000&cc=max-age%3D600&etag=v1";
        node.get(path, "Range", "bytes=0-9");

        HttpResponse<byte[]> plain = node.get(path);
        HttpResponse<byte[]> range = node.get(path, "Range", "bytes=2000-2009");

        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.body()).isEqualTo(whole(path));
        assertThat(cacheStatus(plain)).contains("fwd=partial").contains("stored");
        assertThat(cacheStatus(range)).contains("hit");
        assertThat(originRequests("/objects/rf-plain").getLast().header("Range")).isNull();
    }

    @Test
    void aChangedObject_isNeverStitchedFromTwoVersions() throws IOException {
        Path file = files.resolve("rf-changing.bin");
        byte[] v1 = new byte[400];
        Arrays.fill(v1, (byte) 'a');
        Files.write(file, v1);
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        String path = "/files/rf-changing.bin?cc=max-age%3D600";
        assertThat(node.get(path, "Range", "bytes=0-99").body()).isEqualTo(slice(v1, 0, 99));

        byte[] v2 = new byte[400];
        Arrays.fill(v2, (byte) 'b');
        Files.write(file, v2);
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-02-01T00:00:00Z")));
        HttpResponse<byte[]> across = node.get(path, "Range", "bytes=50-149");

        assertThat(across.statusCode()).isEqualTo(206);
        assertThat(across.body()).as("all of it from the new version").isEqualTo(slice(v2, 50, 149));
        List<RecordedRequest> asked = originRequests("/files/rf-changing.bin");
        assertThat(asked).hasSize(3);
        assertThat(asked.get(1).header("Range")).isEqualTo("bytes=100-149");
        assertThat(asked.get(1).header("If-Range")).as("the held part's validator").isNotNull();
        assertThat(asked.get(2).header("Range")).as("the new version, fetched whole").isNull();
        assertThat(node.get(path).body()).isEqualTo(v2);
    }

    @Test
    void aPartLargerThanTheObjectBound_isRelayed_notStored() {
        String path = "/objects/rf-large?size=20000&cc=max-age%3D600&etag=v1";

        HttpResponse<byte[]> first = bounded.get(path, "Range", "bytes=0-4999");
        HttpResponse<byte[]> second = bounded.get(path, "Range", "bytes=0-4999");

        assertThat(first.statusCode()).isEqualTo(206);
        assertThat(first.body()).isEqualTo(slice(whole(path), 0, 4999));
        assertThat(cacheStatus(first)).doesNotContain("stored");
        assertThat(cacheStatus(second)).doesNotContain("hit");
        assertThat(Requests.originRequests(bounded, "/objects/rf-large").stream()
                .filter(r -> r.header("Via") != null)).hasSize(2);
    }

    @Test
    void anUnsatisfiableRange_isTheOriginsAnswer() {
        HttpResponse<byte[]> response = node.get("/objects/rf-416?size=100&cc=max-age%3D600&etag=v1",
                "Range", "bytes=500-600");

        assertThat(response.statusCode()).isEqualTo(416);
        assertThat(response.headers().firstValue("Content-Range")).hasValue("bytes */100");
    }

    @Test
    void severalRanges_takeTheWholePath() {
        String path = "/objects/rf-multi?size=2000&cc=max-age%3D600&etag=v1";

        HttpResponse<byte[]> response = node.get(path, "Range", "bytes=0-9, 100-109");

        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("multipart/byteranges");
        assertThat(originRequests("/objects/rf-multi").getFirst().header("Range")).isNull();
    }

    @Test
    void byDefault_anObjectTooLargeToStoreWhole_isFilledByParts() {
        String path = "/objects/rf-auto-large?size=20000&cc=max-age%3D600&etag=v1";

        HttpResponse<byte[]> first = auto.get(path, "Range", "bytes=100-199");
        HttpResponse<byte[]> again = auto.get(path, "Range", "bytes=150-170");

        assertThat(first.statusCode()).isEqualTo(206);
        assertThat(first.body()).isEqualTo(slice(whole(path), 100, 199));
        assertThat(cacheStatus(first)).contains("fwd-status=206").contains("stored");
        assertThat(cacheStatus(again)).contains("hit");
        List<RecordedRequest> asked = Requests.originRequests(auto, "/objects/rf-auto-large").stream()
                .filter(r -> r.header("Via") != null).toList();
        assertThat(asked).extracting(r -> String.valueOf(r.header("Range")))
                .as("the whole, given up once its length showed, then the range alone")
                .containsExactly("null", "bytes=100-199");
    }

    @Test
    void byDefault_anObjectThatFits_isFetchedWhole() {
        String path = "/objects/rf-auto-small?size=1000&cc=max-age%3D600&etag=v1";

        HttpResponse<byte[]> first = auto.get(path, "Range", "bytes=0-9");
        HttpResponse<byte[]> other = auto.get(path, "Range", "bytes=500-509");

        assertThat(first.body()).isEqualTo(slice(whole(path), 0, 9));
        assertThat(cacheStatus(other)).contains("hit");
        assertThat(Requests.originRequests(auto, "/objects/rf-auto-small").stream()
                .filter(r -> r.header("Via") != null).map(r -> r.header("Range"))).containsExactly((String) null);
    }
}
