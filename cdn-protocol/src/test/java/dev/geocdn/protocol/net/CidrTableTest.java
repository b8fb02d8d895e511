package dev.geocdn.protocol.net;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CidrTableTest {

    @Test
    void theMostSpecificBlockWins_whateverTheOrderOfEntries() throws Exception {
        Map<String, String> blocks = new LinkedHashMap<>();
        blocks.put("127.0.0.0/8", "us-east");
        blocks.put("127.0.3.0/24", "eu-west");
        blocks.put("127.0.3.128/25", "us-west");
        CidrTable<String> table = CidrTable.of(blocks);

        assertThat(table.lookup(InetAddress.getByName("127.0.3.1")).orElseThrow().value()).isEqualTo("eu-west");
        assertThat(table.lookup(InetAddress.getByName("127.0.3.200")).orElseThrow().value()).isEqualTo("us-west");
        assertThat(table.lookup(InetAddress.getByName("127.9.9.9")).orElseThrow().value()).isEqualTo("us-east");
        assertThat(table.lookup(InetAddress.getByName("10.0.0.1"))).isEmpty();
    }

    @Test
    void contains_answersForTrustedProxyLists() throws Exception {
        CidrTable<Boolean> trusted = CidrTable.of(Map.of("10.0.0.0/8", true, "::1/128", true));
        assertThat(trusted.contains(InetAddress.getByName("10.2.3.4"))).isTrue();
        assertThat(trusted.contains(InetAddress.getByName("::1"))).isTrue();
        assertThat(trusted.contains(InetAddress.getByName("127.0.0.1"))).isFalse();
    }
}
