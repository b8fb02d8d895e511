package dev.geocdn.local;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ControlRoutesTest {

    private final ControlRoutes<String> routes = new ControlRoutes<String>()
            .add("GET", "/v1/world", "world")
            .add("POST", "/v1/nodes/{id}/{action}", "node")
            .add("GET", "/v1/latency", "get latency")
            .add("PUT", "/v1/latency", "set latency")
            .add("DELETE", "/v1/latency", "clear latency");

    @Test
    void aMethodAndPathOfARoute_reachItsHandler_withThePathsVariables() {
        assertThat(routes.match("POST", "/v1/nodes/us-west-1/stop"))
                .isEqualTo(new ControlRoutes.Found<>("node", Map.of("id", "us-west-1", "action", "stop")));
        assertThat(routes.match("PUT", "/v1/latency")).isEqualTo(new ControlRoutes.Found<>("set latency", Map.of()));
    }

    @Test
    void anExistingPathWithAnotherMethod_isAWrongMethod_listingTheMethodsItHas_inOrder() {
        assertThat(routes.match("GET", "/v1/nodes/us-west-1/stop"))
                .isEqualTo(new ControlRoutes.WrongMethod<>(Set.of("POST")));
        ControlRoutes.Match<String> latency = routes.match("POST", "/v1/latency");
        assertThat(latency).isInstanceOf(ControlRoutes.WrongMethod.class);
        assertThat(((ControlRoutes.WrongMethod<String>) latency).allowed()).containsExactly("GET", "PUT", "DELETE");
    }

    @Test
    void aPathNoRouteHas_isNotFound_whateverTheMethod() {
        for (String path : List.of("/v1/wrold", "/v1/world/", "/v1/nodes/us-west-1", "/v1/nodes//stop",
                "/v1/nodes/us-west-1/stop/now", "", "/")) {
            assertThat(routes.match("GET", path)).as(path).isEqualTo(new ControlRoutes.NotFound<>());
            assertThat(routes.match("POST", path)).as(path).isEqualTo(new ControlRoutes.NotFound<>());
        }
    }

    @Test
    void theRoutes_areDescribedOncePerPath_withTheirMethods() {
        assertThat(routes.describe())
                .containsExactly("GET /v1/world", "POST /v1/nodes/{id}/{action}", "GET|PUT|DELETE /v1/latency");
    }
}
