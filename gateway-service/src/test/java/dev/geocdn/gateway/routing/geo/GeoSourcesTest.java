package dev.geocdn.gateway.routing.geo;

import dev.geocdn.gateway.latency.RegionLatencies;
import dev.geocdn.protocol.net.CidrTable;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The geo sources are registered by the names configuration uses, and built in the order it gives. */
class GeoSourcesTest {

    private static final GeoSources.Context CONTEXT = new GeoSources.Context("X-Client-Region", Map.of("DE", "eu-west"),
            CidrTable.of(Map.of("127.0.3.0/24", "eu-west")), null, new RegionLatencies(),
            () -> Set.of("eu-west", "us-east"), () -> List.of("eu-west", "us-east"));

    @Test
    void theRegistryNamesEverySource_inTheDefaultOrder() {
        assertThat(GeoSources.names()).containsExactly("header", "cidr", "maxmind", "latency");
    }

    @Test
    void sourcesAreBuiltInTheConfiguredOrder_andEachAnswersToItsName() {
        List<GeoSource> sources = GeoSources.build(List.of("latency", "cidr", "header"), CONTEXT);

        assertThat(sources).extracting(GeoSource::name).containsExactly("latency", "cidr", "header");
    }

    @Test
    void maxmindWithoutADatabase_isLeftOut() {
        assertThat(GeoSources.build(List.of("header", "maxmind", "cidr"), CONTEXT))
                .extracting(GeoSource::name).containsExactly("header", "cidr");
    }

    @Test
    void anUnknownName_isRefusedNamingTheKnownOnes() {
        assertThatIllegalArgumentException().isThrownBy(() -> GeoSources.build(List.of("gps"), CONTEXT))
                .withMessageContaining("gps").withMessageContaining("header").withMessageContaining("latency");
    }
}
