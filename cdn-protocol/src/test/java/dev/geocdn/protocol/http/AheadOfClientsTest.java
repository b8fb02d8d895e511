package dev.geocdn.protocol.http;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AheadOfClientsTest {

    @Test
    void theTarget_isTheBaseWithTheUrlsPathAndQueryAsWritten() {
        URI url = URI.create("https://cdn.example.com/a%20b/c?x=1&y=%2F");
        assertThat(AheadOfClients.target(URI.create("http://10.0.0.5:8090/"), url))
                .isEqualTo(URI.create("http://10.0.0.5:8090/a%20b/c?x=1&y=%2F"));
        assertThat(AheadOfClients.target(URI.create("http://10.0.0.5:8090"), URI.create("http://cdn.example.com")))
                .isEqualTo(URI.create("http://10.0.0.5:8090/"));
    }

    @Test
    void theFields_nameTheHostTheMarker_andTheSchemeOfHttpsUrls() {
        Map<String, String> https = new LinkedHashMap<>();
        AheadOfClients.fields(URI.create("https://cdn.example.com:8443/x"), AheadOfClients.WARM, https::put);
        Map<String, String> http = new LinkedHashMap<>();
        AheadOfClients.fields(URI.create("http://cdn.example.com/x"), AheadOfClients.PRELOAD, http::put);

        assertThat(https).containsEntry("Host", "cdn.example.com:8443").containsEntry(AheadOfClients.FIELD, "warm")
                .containsEntry("Forwarded", "proto=https").containsEntry("X-Forwarded-Proto", "https");
        assertThat(http).containsOnlyKeys("Host", AheadOfClients.FIELD);
    }
}
