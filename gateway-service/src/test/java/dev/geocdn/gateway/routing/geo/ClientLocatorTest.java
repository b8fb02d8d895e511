package dev.geocdn.gateway.routing.geo;

import dev.geocdn.protocol.net.CidrTable;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ClientLocatorTest {

    private static final String HEADER = "X-Geo";

    private final TrustedHeaderSource header = new TrustedHeaderSource(HEADER, Map.of("JP", "ap-north"),
            () -> Set.of("eu-west", "us-east", "ap-north"));
    private final CidrSource cidr = new CidrSource(CidrTable.of(Map.of("127.0.3.0/24", "eu-west")));

    private static ClientInfo client(boolean trusted, String address, String headerValue) throws Exception {
        InetAddress a = InetAddress.getByName(address);
        Map<String, String> headers = headerValue == null ? Map.of() : Map.of(HEADER, headerValue);
        return new ClientInfo(a, trusted, a, headers::get);
    }

    /** A source that records that it was asked and answers as told. */
    private static final class Recording implements GeoSource {
        final List<String> calls;
        final String name;
        final String region;

        Recording(List<String> calls, String name, String region) {
            this.calls = calls;
            this.name = name;
            this.region = region;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Optional<Placement> place(ClientInfo client) {
            calls.add(name);
            return Optional.ofNullable(region).map(r -> new Placement(r, name, "x"));
        }
    }

    @Test
    void theFirstSourceThatAnswers_wins() throws Exception {
        ClientLocator locator = new ClientLocator(List.of(header, cidr), "us-east");

        Placement placement = locator.place(client(true, "127.0.3.7", "JP"));

        assertThat(placement).isEqualTo(new Placement("ap-north", "header", "X-Geo: JP"));
    }

    @Test
    void aSourceThatCannotTell_fallsThroughToTheNext() throws Exception {
        ClientLocator locator = new ClientLocator(List.of(header, cidr), "us-east");

        assertThat(locator.place(client(false, "127.0.3.7", "JP")))
                .isEqualTo(new Placement("eu-west", "cidr", "127.0.3.0/24"));
    }

    @Test
    void theOrderOfSources_decides() throws Exception {
        ClientLocator cidrFirst = new ClientLocator(List.of(cidr, header), "us-east");

        assertThat(cidrFirst.place(client(true, "127.0.3.7", "JP")).source()).isEqualTo("cidr");
    }

    @Test
    void sourcesAfterTheOneThatAnswered_areNotAsked() throws Exception {
        List<String> calls = new ArrayList<>();
        ClientLocator locator = new ClientLocator(List.of(
                new Recording(calls, "a", null), new Recording(calls, "b", "us-east"), new Recording(calls, "c", "eu-west")),
                "ap-north");

        Placement placement = locator.place(client(false, "192.0.2.1", null));

        assertThat(placement.region()).isEqualTo("us-east");
        assertThat(calls).containsExactly("a", "b");
    }

    @Test
    void whenNoSourceCanPlaceTheClient_theDefaultRegionTakesIt() throws Exception {
        ClientLocator locator = new ClientLocator(List.of(header, cidr), "us-east");

        Placement placement = locator.place(client(false, "192.0.2.1", "JP"));

        assertThat(placement).isEqualTo(new Placement("us-east", "default", ""));
        assertThat(placement.headerValue()).isEqualTo("us-east; by=default");
    }

    @Test
    void withNoSourcesAtAll_everyoneGoesToTheDefault() throws Exception {
        ClientLocator locator = new ClientLocator(List.of(), "eu-west");

        assertThat(locator.place(client(true, "127.0.3.7", "JP")))
                .isEqualTo(new Placement("eu-west", "default", ""));
    }

    @Test
    void theSourcesAreKeptInOrder_andCannotBeChangedFromOutside() {
        List<GeoSource> given = new ArrayList<>(List.of(header, cidr));
        ClientLocator locator = new ClientLocator(given, "us-east");
        given.clear();

        assertThat(locator.sources()).containsExactly(header, cidr);
        assertThat(locator.sources()).isUnmodifiable();
    }
}
