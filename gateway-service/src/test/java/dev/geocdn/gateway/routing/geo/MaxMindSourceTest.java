package dev.geocdn.gateway.routing.geo;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Placement by a MaxMind database file, read with MaxMind's own reader. */
class MaxMindSourceTest {

    @TempDir
    Path dir;
    private MaxMindSource source;

    @BeforeEach
    void openDatabase() {
        Path file = dir.resolve("GeoLite2-Country.mmdb");
        new MmdbFile("GeoLite2-Country")
                .network("81.2.69.0/24", MmdbFile.country("GB", "EU"))
                .network("2.125.160.0/19", MmdbFile.country("DE", "EU"))
                .network("89.160.20.0/24", MmdbFile.country("SE", "EU"))
                .network("216.160.83.0/24", MmdbFile.country("US", "NA"))
                .network("202.196.224.0/20", MmdbFile.country("PH", "AS"))
                .network("2001:db8:100::/40", MmdbFile.country("JP", "AS"))
                .network("198.51.100.0/24", MmdbFile.country(null, "EU"))
                .writeTo(file);
        source = MaxMindSource.open(file,
                Map.of("gb", "eu-west", "DE", "eu-west", "US", "us-east"),
                Map.of("EU", "eu-west", "NA", "us-west"));
    }

    @AfterEach
    void close() throws Exception {
        source.close();
    }

    private static ClientInfo client(String address) throws Exception {
        InetAddress a = InetAddress.getByName(address);
        return new ClientInfo(InetAddress.getByName("192.0.2.200"), false, a, name -> null);
    }

    @Test
    void itsName_isMaxmind_andItReadsTheDatabaseType() {
        assertThat(source.name()).isEqualTo("maxmind");
        assertThat(source.databaseType()).isEqualTo("GeoLite2-Country");
    }

    @Test
    void aCountryInTheTable_placesTheClient_caseInsensitively() throws Exception {
        assertThat(source.place(client("81.2.69.160")))
                .contains(new Placement("eu-west", "maxmind", "country=GB"));
        assertThat(source.place(client("216.160.83.56")))
                .contains(new Placement("us-east", "maxmind", "country=US"));
        assertThat(source.place(client("2.125.191.1")))
                .contains(new Placement("eu-west", "maxmind", "country=DE"));
    }

    @Test
    void aCountryNotInTheTable_fallsBackToItsContinent() throws Exception {
        assertThat(source.place(client("89.160.20.112")))
                .contains(new Placement("eu-west", "maxmind", "continent=EU"));
        assertThat(source.place(client("198.51.100.7")))
                .contains(new Placement("eu-west", "maxmind", "continent=EU"));
    }

    @Test
    void neitherCountryNorContinentMapped_isNotPlacedHere() throws Exception {
        assertThat(source.place(client("202.196.224.9"))).isEmpty();
    }

    @Test
    void ipv6Clients_areLookedUpToo() throws Exception {
        MaxMindSource withAsia = MaxMindSource.open(dir.resolve("GeoLite2-Country.mmdb"),
                Map.of("JP", "ap-northeast"), Map.of());
        try (withAsia) {
            assertThat(withAsia.place(client("2001:db8:1ff::1")))
                    .contains(new Placement("ap-northeast", "maxmind", "country=JP"));
            assertThat(withAsia.place(client("2001:db8:200::1"))).isEmpty();
        }
    }

    @Test
    void addressesTheDatabaseDoesNotKnow_fallThrough() throws Exception {
        assertThat(source.place(client("127.0.3.1"))).isEmpty();
        assertThat(source.place(client("10.0.0.1"))).isEmpty();
        assertThat(source.place(client("::1"))).isEmpty();
    }

    @Test
    void aMissingFile_failsWithItsName() {
        Path missing = dir.resolve("nope.mmdb");

        assertThatThrownBy(() -> MaxMindSource.open(missing, Map.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cdn.gateway.placement.maxmind.database")
                .hasMessageContaining("nope.mmdb");
    }

    @Test
    void aFileThatIsNotADatabase_failsWithItsName() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.mmdb"), "not a database");

        assertThatThrownBy(() -> MaxMindSource.open(junk, Map.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("junk.mmdb")
                .hasMessageContaining("not a MaxMind database");
    }
}
