package dev.geocdn.gateway.fastpath;

import dev.geocdn.gateway.support.RunningGateway;
import dev.geocdn.gateway.support.Scrape;
import dev.geocdn.origin.OriginMock;
import dev.geocdn.origin.OriginMockConfig;
import dev.geocdn.protocol.topology.Membership;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Routes of the user's own besides GeoCDN's: the fast path stands aside, so that what they
 * configure (here a route with a response filter, ahead of GeoCDN's) is what serves.
 */
class FastPathRoutesTest {

    @Test
    void otherRoutesMakeItStandAside() throws Exception {
        try (OriginMock node = OriginMock.start(OriginMockConfig.defaults().withPort(0))) {
            Map<String, Membership.RegionSpec> regions = Map.of("eu", new Membership.RegionSpec(null, null,
                    List.of(new Membership.NodeSpec("eu-1", URI.create(node.baseUrl()), null))));
            List<String> args = new ArrayList<>(List.of("--cdn.gateway.id=gw-routes", "--cdn.gateway.region=eu",
                    "--spring.cloud.gateway.server.webflux.routes[0].id=extra",
                    "--spring.cloud.gateway.server.webflux.routes[0].order=-1",
                    "--spring.cloud.gateway.server.webflux.routes[0].uri=" + node.baseUrl(),
                    "--spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/extra/**",
                    "--spring.cloud.gateway.server.webflux.routes[0].filters[0]=AddResponseHeader=X-Extra, yes"));
            args.addAll(RunningGateway.regionArgs(regions));
            try (RunningGateway gateway = RunningGateway.start(args)) {
                await().until(() -> gauge(gateway.scrape()), v -> v != null && v == 0.0);
                Scrape before = gateway.scrape();
                HttpResponse<String> extra = gateway.get("/extra/objects/e?size=3");
                assertThat(extra.statusCode()).isEqualTo(404); // origin-mock knows no /extra: the route was taken
                assertThat(extra.headers().firstValue("X-Extra")).contains("yes");
                HttpResponse<String> own = gateway.get("/objects/e?size=3");
                assertThat(own.statusCode()).isEqualTo(200);
                assertThat(own.headers().firstValue("X-Served-By")).contains("eu/eu-1");
                Scrape after = gateway.scrapeAfter(before, 2);
                assertThat(after.increase(before, "geocdn_gateway_fast_path_requests_total")).isZero();
            }
        }
    }

    private static Double gauge(Scrape scrape) {
        List<Scrape.Sample> samples = scrape.select("geocdn_gateway_fast_path");
        return samples.isEmpty() ? null : samples.get(0).value();
    }
}
