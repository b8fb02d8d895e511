package dev.geocdn.gateway.routing.geo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TrustedHeaderSourceTest {

    private static final String HEADER = "X-Geo-Country";
    private static final InetAddress PROXY = InetAddress.getLoopbackAddress();

    private final TrustedHeaderSource source = new TrustedHeaderSource(HEADER,
            Map.of("DE", "eu-west", "FR", "eu-west", "US", "us-east", "IN", "ap-south"),
            () -> Set.of("eu-west", "us-east", "us-west", "ap-south"));

    private static ClientInfo client(boolean trusted, String headerValue) {
        Map<String, String> headers = headerValue == null ? Map.of() : Map.of(HEADER, headerValue);
        return new ClientInfo(PROXY, trusted, PROXY, headers::get);
    }

    @Test
    void itsName_isHeader() {
        assertThat(source.name()).isEqualTo("header");
    }

    @Test
    void theHeaderOfAnUntrustedPeer_isIgnored() {
        assertThat(source.place(client(false, "us-west"))).isEmpty();
        assertThat(source.place(client(false, "DE"))).isEmpty();
    }

    @Test
    void aRegionName_isAcceptedDirectly() {
        assertThat(source.place(client(true, "us-west")))
                .contains(new Placement("us-west", "header", HEADER + ": us-west"));
    }

    @Test
    void surroundingWhitespace_isStripped() {
        assertThat(source.place(client(true, "  ap-south "))).map(Placement::region).contains("ap-south");
    }

    @ParameterizedTest(name = "country {0} -> {1}")
    @CsvSource({
            "DE, eu-west",
            "de, eu-west",
            "De, eu-west",
            "fr, eu-west",
            "US, us-east",
            "in, ap-south",
    })
    void aCountryCodeInAnyCase_isMappedThroughTheTable(String country, String region) {
        Optional<Placement> placement = source.place(client(true, country));

        assertThat(placement).contains(new Placement(region, "header", HEADER + ": " + country));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"BR", "mars-north", "EU-WEST", "", "   "})
    void unknownOrBlankValues_placeNobody(String value) {
        assertThat(source.place(client(true, value))).isEmpty();
    }

    @Test
    void aMissingHeader_placesNobody() {
        assertThat(source.place(client(true, null))).isEmpty();
    }

    @Test
    void theRegionSet_isReadOnEveryRequest() {
        java.util.concurrent.atomic.AtomicReference<Set<String>> regions = new java.util.concurrent.atomic.AtomicReference<>(Set.of());
        TrustedHeaderSource live = new TrustedHeaderSource(HEADER, Map.of(), regions::get);

        assertThat(live.place(client(true, "eu-north"))).isEmpty();
        regions.set(Set.of("eu-north"));
        assertThat(live.place(client(true, "eu-north"))).map(Placement::region).contains("eu-north");
    }
}
