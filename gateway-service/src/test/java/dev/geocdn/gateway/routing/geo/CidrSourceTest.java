package dev.geocdn.gateway.routing.geo;

import dev.geocdn.protocol.net.CidrTable;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CidrSourceTest {

    private final CidrSource source = new CidrSource(CidrTable.of(Map.of(
            "127.0.0.0/8", "us-east",
            "127.0.3.0/24", "eu-west",
            "10.1.0.0/16", "ap-south")));

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    private static ClientInfo client(InetAddress peer, InetAddress clientAddress) {
        return new ClientInfo(peer, true, clientAddress, name -> null);
    }

    @Test
    void itsName_isCidr() {
        assertThat(source.name()).isEqualTo("cidr");
    }

    @Test
    void theClientAddress_isLookedUp_notThePeer() throws Exception {
        Placement placement = source.place(client(ip("10.1.2.3"), ip("127.0.3.9"))).orElseThrow();

        assertThat(placement).isEqualTo(new Placement("eu-west", "cidr", "127.0.3.0/24"));
    }

    @Test
    void aPeerInTheTable_doesNotPlaceAClientOutsideIt() throws Exception {
        assertThat(source.place(client(ip("10.1.2.3"), ip("192.0.2.1")))).isEmpty();
    }

    @Test
    void theLongestPrefix_wins() throws Exception {
        assertThat(source.place(client(ip("192.0.2.1"), ip("127.0.4.1"))))
                .contains(new Placement("us-east", "cidr", "127.0.0.0/8"));
        assertThat(source.place(client(ip("192.0.2.1"), ip("127.0.3.1"))))
                .contains(new Placement("eu-west", "cidr", "127.0.3.0/24"));
    }
}
