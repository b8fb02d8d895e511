package dev.geocdn.protocol.http;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 8586: counting a CDN in CDN-Loop, and adding it. */
class CdnLoopTest {

    @ParameterizedTest(name = "''{0}'' names geocdn {1} times")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            null                                          | 0
            ''                                            | 0
            geocdn                                        | 1
            GeoCDN; node=eu-west-1                        | 1
            foo, geocdn, bar; x=1                         | 1
            geocdn, other-cdn, geocdn; v="a,b;c"           | 2
            geocdn-staging, xgeocdn, "geocdn"              | 0
            """)
    void counts(String field, int expected) {
        assertThat(CdnLoop.count(field, "geocdn")).isEqualTo(expected);
    }

    @Test
    void appendsAfterTheEarlierCdns() {
        assertThat(CdnLoop.append(null, "geocdn")).isEqualTo("geocdn");
        assertThat(CdnLoop.append("cloudflare", "geocdn")).isEqualTo("cloudflare, geocdn");
        assertThat(CdnLoop.count(CdnLoop.append(CdnLoop.append(null, "geocdn"), "geocdn"), "geocdn")).isEqualTo(2);
    }
}
