package dev.geocdn.protocol.http;

import dev.geocdn.protocol.http.CacheStatus.Fwd;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CacheStatusReaderTest {

    @Test
    void readsBackWhatTheNodeAndGatewaysWrite() {
        List<CacheStatus> written = List.of(
                CacheStatus.hit("node-1", 42),
                CacheStatus.hit("node-1", -3).withDetail("stale if error"),
                CacheStatus.forward("node-1", Fwd.URI_MISS).withFwdStatus(200).withTtl(59).withStored(true),
                CacheStatus.forward("node-1", Fwd.STALE).withFwdStatus(304).withTtl(10).withStored(true).withCollapsed(true),
                CacheStatus.hit("node-1", 7).withTier("redis"),
                CacheStatus.forward("127.0.0.1", Fwd.BYPASS),
                CacheStatus.forward("node-1", Fwd.URI_MISS).withFwdStatus(200).withDetail("no-store"));
        for (CacheStatus entry : written) {
            assertThat(CacheStatusReader.read(entry.toString())).as(entry.toString()).containsExactly(entry);
        }
    }

    @Test
    void readsEveryEntryInFieldOrder() {
        String field = CacheStatus.append(CacheStatus.append("OriginCDN; hit", "eu-west-2; fwd=uri-miss; stored"),
                "gw-eu-west; fwd=bypass");
        assertThat(CacheStatusReader.read(field)).extracting(CacheStatus::cacheName)
                .containsExactly("OriginCDN", "eu-west-2", "gw-eu-west");
        assertThat(CacheStatusReader.read(field).get(1).stored()).isTrue();
    }

    @Test
    void skipsWhatItDoesNotKnowWithoutLosingTheRest() {
        CacheStatus entry = CacheStatusReader.read("\"a, b; c\"; key=\"x;y\"; fwd=unknown-reason; ttl=abc; hit").get(0);
        assertThat(entry.cacheName()).isEqualTo("a, b; c");
        assertThat(entry.hit()).isTrue();
        assertThat(entry.fwd()).isNull();
        assertThat(entry.ttl()).isNull();
        assertThat(CacheStatusReader.read(null)).isEmpty();
        assertThat(CacheStatusReader.read(" , ")).isEmpty();
    }
}
