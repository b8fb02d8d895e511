package dev.geocdn.node;

import dev.geocdn.origin.OriginMock;
import dev.geocdn.origin.OriginMockConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;

import static dev.geocdn.node.NodeFixture.cacheStatus;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Collapsing is bounded: a fill takes at most {@code cdn.collapse.max-waiters} waiters, and a
 * waiter gives up after {@code cdn.collapse.timeout} and goes to the origin itself. Either way
 * every client is answered.
 */
class CollapseLimitsTest {

    static OriginMock origin;
    static NodeFixture fewWaiters;
    static NodeFixture impatient;

    @BeforeAll
    static void start() {
        origin = OriginMock.start(OriginMockConfig.defaults());
        fewWaiters = NodeFixture.start(origin, false, "cdn.collapse.max-waiters=2");
        impatient = NodeFixture.start(origin, false, "cdn.collapse.timeout=200ms");
    }

    @AfterAll
    static void stop() {
        impatient.close();
        fewWaiters.close();
        origin.close();
    }

    @Test
    void beyondMaxWaitersRequestsGoToTheOriginOnTheirOwn_andAllSucceed() {
        String path = "/objects/cl-waiters?size=3000&cc=max-age%3D60&delay=800";
        List<HttpResponse<byte[]>> responses = Requests.concurrently(fewWaiters, 10, path);

        long originRequests = origin.requestCount("/objects/cl-waiters");
        byte[] body = responses.get(0).body();
        assertThat(responses).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(body).hasSize(3000);
        });
        long collapsed = responses.stream().filter(r -> cacheStatus(r).contains("collapsed")).count();
        assertThat(originRequests).isGreaterThan(1);
        assertThat(collapsed).as("each request either waited or went to the origin")
                .isEqualTo(10 - originRequests);
        assertThat(collapsed).as("no more than max-waiters rode on the fill").isLessThanOrEqualTo(2);
    }

    @Test
    void waitersStopWaitingAfterTheCollapseTimeoutAndGoToTheOrigin_andAllSucceed() {
        String path = "/objects/cl-timeout?size=3000&cc=max-age%3D60&delay=1500";
        long start = System.nanoTime();
        List<HttpResponse<byte[]>> responses = Requests.concurrently(impatient, 4, path);
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        byte[] body = responses.get(0).body();
        assertThat(responses).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(body).hasSize(3000);
            assertThat(cacheStatus(r)).doesNotContain("collapsed");
        });
        assertThat(origin.requestCount("/objects/cl-timeout")).isEqualTo(4);
        // they went to the origin at about the same time rather than one after another
        assertThat(elapsedMillis).isLessThan(2 * 1500 + 1000);
    }
}
