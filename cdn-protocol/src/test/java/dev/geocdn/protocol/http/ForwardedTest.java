package dev.geocdn.protocol.http;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 7239 section 4 (syntax) and 6 (node identifiers). */
class ForwardedTest {

    @Test
    void first_readsTheFirstElementThatHasThePair_unquoted() {
        List<String> values = List.of("for=192.0.2.60;proto=https;host=\"cdn.example.com:8443\", for=198.51.100.17;proto=http");
        assertThat(Forwarded.first(values, "proto")).contains("https");
        assertThat(Forwarded.first(values, "host")).contains("cdn.example.com:8443");
        assertThat(Forwarded.first(values, "by")).isEmpty();
    }

    @Test
    void address_readsIpv4_ipv6WithPort_andRefusesObfuscatedIdentifiers() throws Exception {
        assertThat(Forwarded.address("192.0.2.43")).contains(InetAddress.getByName("192.0.2.43"));
        assertThat(Forwarded.address("192.0.2.43:4711")).contains(InetAddress.getByName("192.0.2.43"));
        assertThat(Forwarded.address("[2001:db8:cafe::17]:4711")).contains(InetAddress.getByName("2001:db8:cafe::17"));
        assertThat(Forwarded.address("unknown")).isEmpty();
        assertThat(Forwarded.address("_hidden")).isEmpty();
        assertThat(Forwarded.address("example.com")).isEmpty();
    }

    @Test
    void element_quotesIpv6AndHostsWithPorts() throws Exception {
        assertThat(Forwarded.element(InetAddress.getByName("127.0.3.1"), "cdn.example.com", "HTTP"))
                .isEqualTo("for=127.0.3.1;host=cdn.example.com;proto=http");
        assertThat(Forwarded.element(InetAddress.getByName("::1"), "localhost:8080", "https"))
                .isEqualTo("for=\"[0:0:0:0:0:0:0:1]\";host=\"localhost:8080\";proto=https");
    }
}
