package dev.geocdn.protocol.net;

import java.net.InetAddress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CidrTest {

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
            "127.0.1.0/24, 127.0.1.1, true",
            "127.0.1.0/24, 127.0.1.255, true",
            "127.0.1.0/24, 127.0.2.1, false",
            "10.0.0.0/8, 10.255.1.2, true",
            "10.0.0.0/9, 10.128.0.1, false",
            "0.0.0.0/0, 192.0.2.7, true",
            "192.0.2.7, 192.0.2.7, true",
            "192.0.2.7, 192.0.2.8, false",
            "10.1.2.3/16, 10.1.200.1, true",
            "2001:db8::/32, 2001:db8:ffff::1, true",
            "2001:db8::/32, 2001:db9::1, false",
            "2001:db8::/32, 10.0.0.1, false",
            "10.0.0.0/8, ::ffff:10.1.1.1, true",
            "::1/128, ::1, true"})
    void contains_matchesTheLeadingBits(String block, String address, boolean expected) throws Exception {
        assertThat(Cidr.parse(block).contains(InetAddress.getByName(address))).isEqualTo(expected);
    }

    @Test
    void hostBits_areClearedSoTheBlockPrintsAsItsNetwork() {
        assertThat(Cidr.parse("10.1.2.3/16")).hasToString("10.1.0.0/16");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"example.com/24", "10.0.0.0/33", "10.0.0.0/x", "300.1.1.1/8", "''", "10.0.0/8"})
    void badBlocks_areRefusedWithTheText(String text) {
        assertThatThrownBy(() -> Cidr.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'");
    }
}
