package dev.geocdn.gateway;

import dev.geocdn.gateway.support.RunningGateway;
import dev.geocdn.gateway.support.Scrape;
import dev.geocdn.origin.OriginMock;
import dev.geocdn.origin.OriginMockConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The management port as anyone who reaches it sees it: health says the status and nothing
 * about the machine, and the gateway's metrics carry its region and id.
 */
class ManagementEndpointsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static OriginMock node;
    static RunningGateway gateway;

    @BeforeAll
    static void start() {
        node = OriginMock.start(OriginMockConfig.defaults().withPort(0));
        gateway = RunningGateway.start(List.of("--cdn.gateway.id=gw-eu-west", "--cdn.gateway.region=eu-west",
                "--cdn.gateway.regions.eu-west.nodes[0].id=eu-west-1",
                "--cdn.gateway.regions.eu-west.nodes[0].url=" + node.baseUrl()));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        node.close();
    }

    @Test
    void health_showsAnonymousCallersTheStatusAlone() {
        HttpResponse<String> health = gateway.management("/actuator/health");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(health.body())).as("the status, and the names of the probe groups")
                .isEqualTo(JSON.readTree("{\"status\": \"UP\", \"groups\": [\"liveness\", \"readiness\"]}"));
        assertThat(JSON.readTree(gateway.management("/actuator/health/liveness").body()))
                .isEqualTo(JSON.readTree("{\"status\": \"UP\"}"));
        assertThat(gateway.management("/actuator/health/diskSpace").statusCode()).as("a component by its path")
                .isEqualTo(404);
    }

    @Test
    void theGatewaysMetrics_carryItsRegionAndId() {
        Scrape scrape = gateway.scrape();

        assertThat(scrape.select("geocdn_gateway_region_up", "member_region", "eu-west"))
                .singleElement().satisfies(s -> {
                    assertThat(s.labels()).containsEntry("region", "eu-west").containsEntry("gateway", "gw-eu-west");
                    assertThat(s.value()).isEqualTo(1);
                });
        assertThat(scrape.sum("geocdn_gateway_healthy_nodes", "member_region", "eu-west")).isEqualTo(1);
    }
}
