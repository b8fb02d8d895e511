package dev.geocdn.health.dns.provider;

import dev.geocdn.protocol.topology.Membership;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.geocdn.health.dns.provider.PlanFixtures.ADDRESSES;
import static dev.geocdn.health.dns.provider.PlanFixtures.membership;
import static dev.geocdn.health.dns.provider.PlanFixtures.plan;
import static org.assertj.core.api.Assertions.assertThat;

class DnsPlanTest {

    private static Set<String> set(String commaSeparated) {
        return commaSeparated == null ? Set.of() : Set.copyOf(Arrays.asList(commaSeparated.split(",")));
    }

    private static List<String> list(String commaSeparated) {
        return commaSeparated == null ? List.of() : Arrays.asList(commaSeparated.split(","));
    }

    @ParameterizedTest(name = "up [{0}] -> published [{1}], withdrawn [{2}], fail open {3}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # up regions                      | published                 | withdrawn       | fail open
              eu-west,us-east,us-west,ap-south | eu-west,us-east,us-west   | -               | false
              eu-west,us-east,us-west          | eu-west,us-east,us-west   | -               | false
              us-east,us-west                  | us-east,us-west           | eu-west         | false
              eu-west                          | eu-west                   | us-east,us-west | false
              -                                | eu-west,us-east,us-west   | -               | true
              ap-south                         | eu-west,us-east,us-west   | -               | true
            """)
    void downRegionsAreWithdrawn_unlessAllAre(String up, String published, String withdrawn, boolean failOpen) {
        DnsPlan plan = plan(set(up));

        assertThat(plan.published()).extracting(DnsPlan.Region::name).containsExactlyElementsOf(list(published));
        assertThat(plan.withdrawn()).containsExactlyElementsOf(list(withdrawn));
        assertThat(plan.failOpen()).isEqualTo(failOpen);
        assertThat(plan.regions()).extracting(DnsPlan.Region::name)
                .as("a region without addresses has nothing to publish").containsExactly("eu-west", "us-east", "us-west");
    }

    @Test
    void aRegionTheMembershipDoesNotKnow_isDown() {
        Membership withoutEuWest = new Membership(1, Instant.EPOCH, membership(Set.of("us-east", "us-west", "eu-west")).regions()
                .stream().filter(r -> !r.name().equals("eu-west")).toList());

        DnsPlan plan = DnsPlan.of("cdn.example.com", Duration.ofSeconds(5), ADDRESSES, withoutEuWest);

        assertThat(plan.withdrawn()).containsExactly("eu-west");
        assertThat(plan.regions()).filteredOn(DnsPlan.Region::name, "eu-west").extracting(DnsPlan.Region::up).containsExactly(false);
    }

    @Test
    void theNameIsAbsoluteAndLowerCase_andAddressesSplitByFamily() {
        DnsPlan plan = plan(Set.of("us-west"));

        assertThat(plan.name()).isEqualTo("cdn.example.com.");
        assertThat(plan.ttlSeconds()).isEqualTo(5);
        DnsPlan.Region usWest = plan.published().getFirst();
        assertThat(usWest.v4()).containsExactly("192.0.2.10");
        assertThat(usWest.v6()).containsExactly("2001:db8:0:0:0:0:0:10");
        assertThat(plan.regions()).filteredOn(DnsPlan.Region::name, "eu-west").first()
                .satisfies(r -> assertThat(r.v4()).containsExactly("192.0.2.30", "192.0.2.31"))
                .satisfies(r -> assertThat(r.v6()).isEmpty());
    }

    @Test
    void membershipsDifferingOnlyInVersionsAndReasons_giveEqualPlans() {
        Set<String> up = Set.of("us-east", "eu-west");

        DnsPlan first = DnsPlan.of("cdn.example.com", Duration.ofSeconds(5), ADDRESSES, membership(up, 1, "2 of 2 nodes up"));
        DnsPlan later = DnsPlan.of("cdn.example.com", Duration.ofSeconds(5), ADDRESSES, membership(up, 9, "1 of 2 nodes up"));

        assertThat(later).isEqualTo(first);
        assertThat(plan(Set.of("us-east"))).isNotEqualTo(first);
    }

    @Test
    void noAddressesAtAll_isAnEmptyPlanThatIsNotFailOpen() {
        DnsPlan plan = DnsPlan.of("cdn.example.com", Duration.ofSeconds(5), Map.of(), membership(Set.of()));

        assertThat(plan.regions()).isEmpty();
        assertThat(plan.failOpen()).isFalse();
    }
}
