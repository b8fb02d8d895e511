package dev.geocdn.gateway.routing.plan;

import dev.geocdn.protocol.topology.RendezvousHasher;
import dev.geocdn.protocol.topology.Membership;
import dev.geocdn.protocol.topology.NodeStatus;
import dev.geocdn.protocol.topology.RegionDistances;
import dev.geocdn.protocol.topology.RegionStatus;
import dev.geocdn.protocol.topology.State;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RoutePlannerTest {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private static final String KEY = "/static/app.js";

    /** us-west is nearer to eu-west than ap-south is; us-east nearest of all. */
    private static final RegionDistances DISTANCES = new RegionDistances(Map.of(
            "eu-west", Map.of("us-east", 80, "us-west", 140, "ap-south", 160),
            "us-east", Map.of("us-west", 60, "ap-south", 220),
            "us-west", Map.of("ap-south", 180)));

    private static NodeStatus node(String id, State state) {
        return new NodeStatus(id, URI.create("http://" + id + ":8080"), null, state, "", T0);
    }

    private static RegionStatus region(String name, State state, NodeStatus... nodes) {
        return new RegionStatus(name, URI.create("http://gw-" + name + ":8000"), state, "", T0, List.of(nodes));
    }

    private static RegionStatus up(String name, int nodeCount) {
        NodeStatus[] nodes = new NodeStatus[nodeCount];
        for (int i = 0; i < nodeCount; i++) {
            nodes[i] = node(name + "-" + (i + 1), State.UP);
        }
        return region(name, State.UP, nodes);
    }

    private static Membership membership(RegionStatus... regions) {
        return new Membership(1, T0, List.of(regions));
    }

    private static List<String> targets(List<Hop> hops) {
        return hops.stream().map(Hop::target).toList();
    }

    private static List<String> hrw(RegionStatus region) {
        return RendezvousHasher.rank(KEY, region.upNodes(), NodeStatus::id).stream().map(NodeStatus::id).toList();
    }

    @Test
    void nodesMode_listsTheClientRegionsNodesInRendezvousOrder_thenTheNextNearestRegions() {
        RegionStatus eu = up("eu-west", 3);
        RegionStatus usEast = up("us-east", 2);
        RegionStatus usWest = up("us-west", 2);
        RegionStatus ap = up("ap-south", 2);
        RoutePlanner planner = new RoutePlanner(DISTANCES, RoutePlanner.Mode.NODES);

        List<Hop> hops = planner.plan(membership(ap, usWest, eu, usEast), "eu-west", KEY);

        List<String> expected = new java.util.ArrayList<>(hrw(eu));
        expected.addAll(hrw(usEast));
        expected.addAll(hrw(usWest));
        expected.addAll(hrw(ap));
        assertThat(targets(hops)).containsExactlyElementsOf(expected);
        assertThat(hops).extracting(Hop::region).containsExactly(
                "eu-west", "eu-west", "eu-west", "us-east", "us-east", "us-west", "us-west", "ap-south", "ap-south");
        assertThat(hops).noneMatch(Hop::isGateway);
    }

    @Test
    void nodesMode_hopsCarryTheNodesUrl() {
        RoutePlanner planner = new RoutePlanner(DISTANCES, RoutePlanner.Mode.NODES);

        List<Hop> hops = planner.plan(membership(up("eu-west", 1)), "eu-west", KEY);

        assertThat(hops).containsExactly(new Hop("eu-west", "eu-west-1", URI.create("http://eu-west-1:8080")));
    }

    @Test
    void theFirstHop_isTheKeysOwnerInTheClientsRegion() {
        RegionStatus eu = up("eu-west", 4);
        RoutePlanner planner = new RoutePlanner(DISTANCES, RoutePlanner.Mode.NODES);

        for (int i = 0; i < 50; i++) {
            String key = "/k/" + i;
            Hop first = planner.plan(membership(eu, up("us-east", 2)), "eu-west", key).get(0);
            assertThat(first.target()).isEqualTo(RendezvousHasher.owner(key, eu.upNodes(), NodeStatus::id).id());
        }
    }

    @Test
    void downNodes_areLeftOut() {
        RegionStatus eu = region("eu-west", State.UP,
                node("eu-west-1", State.UP), node("eu-west-2", State.DOWN), node("eu-west-3", State.UP));
        RoutePlanner planner = new RoutePlanner(DISTANCES, RoutePlanner.Mode.NODES);

        List<Hop> hops = planner.plan(membership(eu), "eu-west", KEY);

        assertThat(targets(hops)).containsExactlyInAnyOrder("eu-west-1", "eu-west-3");
        assertThat(targets(hops)).isEqualTo(hrw(eu));
    }

    @Test
    void downRegions_areLeftOut_evenWhenTheirNodesAreUp() {
        RegionStatus usEast = region("us-east", State.DOWN, node("us-east-1", State.UP));
        RoutePlanner planner = new RoutePlanner(DISTANCES, RoutePlanner.Mode.NODES);

        List<Hop> hops = planner.plan(membership(up("eu-west", 1), usEast, up("us-west", 1)), "eu-west", KEY);

        assertThat(targets(hops)).containsExactly("eu-west-1", "us-west-1");
    }

    @Test
    void aDownClientRegion_sendsTheClientToTheNearestUpRegion() {
        RegionStatus eu = region("eu-west", State.DOWN, node("eu-west-1", State.DOWN));
        RoutePlanner planner = new RoutePlanner(DISTANCES, RoutePlanner.Mode.NODES);

        List<Hop> hops = planner.plan(membership(eu, up("ap-south", 1), up("us-east", 1)), "eu-west", KEY);

        assertThat(targets(hops)).containsExactly("us-east-1", "ap-south-1");
    }

    @Test
    void aRegionWithNoUpNodes_contributesNothingInNodesMode() {
        RegionStatus eu = region("eu-west", State.UP, node("eu-west-1", State.DOWN), node("eu-west-2", State.DOWN));
        RoutePlanner planner = new RoutePlanner(DISTANCES, RoutePlanner.Mode.NODES);

        List<Hop> hops = planner.plan(membership(eu, up("us-east", 2)), "eu-west", KEY);

        assertThat(hops).extracting(Hop::region).containsOnly("us-east").hasSize(2);
    }

    @Test
    void gatewaysMode_listsRegionGatewaysNearestFirst() {
        RoutePlanner planner = new RoutePlanner(DISTANCES, RoutePlanner.Mode.GATEWAYS);

        List<Hop> hops = planner.plan(
                membership(up("ap-south", 2), up("us-west", 2), up("eu-west", 3), up("us-east", 2)), "us-west", KEY);

        assertThat(hops).containsExactly(
                new Hop("us-west", "gateway:us-west", URI.create("http://gw-us-west:8000")),
                new Hop("us-east", "gateway:us-east", URI.create("http://gw-us-east:8000")),
                new Hop("eu-west", "gateway:eu-west", URI.create("http://gw-eu-west:8000")),
                new Hop("ap-south", "gateway:ap-south", URI.create("http://gw-ap-south:8000")));
        assertThat(hops).allMatch(Hop::isGateway);
    }

    @Test
    void gatewaysMode_leavesOutDownRegionsAndRegionsWithoutAGateway() {
        RegionStatus noGateway = new RegionStatus("us-east", null, State.UP, "", T0, List.of(node("us-east-1", State.UP)));
        RegionStatus down = region("us-west", State.DOWN, node("us-west-1", State.UP));
        RoutePlanner planner = new RoutePlanner(DISTANCES, RoutePlanner.Mode.GATEWAYS);

        List<Hop> hops = planner.plan(membership(up("eu-west", 1), noGateway, down, up("ap-south", 1)), "eu-west", KEY);

        assertThat(targets(hops)).containsExactly("gateway:eu-west", "gateway:ap-south");
    }

    @Test
    void noRegionUp_givesAnEmptyPlan_inEitherMode() {
        Membership allDown = membership(
                region("eu-west", State.DOWN, node("eu-west-1", State.DOWN)),
                region("us-east", State.DOWN, node("us-east-1", State.DOWN)));

        assertThat(new RoutePlanner(DISTANCES, RoutePlanner.Mode.NODES).plan(allDown, "eu-west", KEY)).isEmpty();
        assertThat(new RoutePlanner(DISTANCES, RoutePlanner.Mode.GATEWAYS).plan(allDown, "eu-west", KEY)).isEmpty();
    }

    @Test
    void regionsMissingFromTheDistanceMatrix_comeLast_byName() {
        RoutePlanner planner = new RoutePlanner(DISTANCES, RoutePlanner.Mode.GATEWAYS);

        List<Hop> hops = planner.plan(membership(up("zz-moon", 1), up("aa-mars", 1), up("eu-west", 1), up("us-east", 1)),
                "eu-west", KEY);

        assertThat(targets(hops)).containsExactly("gateway:eu-west", "gateway:us-east", "gateway:aa-mars", "gateway:zz-moon");
    }

    @Test
    void thePlannerReportsItsMode() {
        assertThat(new RoutePlanner(DISTANCES, RoutePlanner.Mode.GATEWAYS).mode()).isEqualTo(RoutePlanner.Mode.GATEWAYS);
        assertThat(new RoutePlanner(DISTANCES, RoutePlanner.Mode.NODES).mode()).isEqualTo(RoutePlanner.Mode.NODES);
    }
}
