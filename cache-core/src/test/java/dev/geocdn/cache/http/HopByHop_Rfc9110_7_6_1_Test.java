package dev.geocdn.cache.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("RFC 9110 7.6.1: connection-specific fields are not forwarded or stored")
class HopByHop_Rfc9110_7_6_1_Test {

    @ParameterizedTest(name = "7.6.1: fixed hop-by-hop field {0} is removed")
    @ValueSource(strings = {"Connection", "Keep-Alive", "Proxy-Connection", "TE", "Trailer",
        "Transfer-Encoding", "Upgrade", "Proxy-Authenticate", "Proxy-Authorization", "transfer-encoding", "KEEP-ALIVE"})
    void fixedHopByHopFields_areRemoved(String field) {
        Headers stripped = HopByHop.strip(Headers.of("Content-Type", "text/plain", field, "x", "ETag", "\"a\""));
        assertThat(names(stripped)).containsExactly("Content-Type", "ETag");
    }

    @ParameterizedTest(name = "7.6.1: Connection: {0} removes {1}")
    @CsvSource(delimiter = '|', value = {
        "X-Foo                 | X-Foo",
        "x-foo                 | X-Foo",
        "close, X-Foo          | X-Foo",
        "X-Foo,X-Bar           | X-Foo X-Bar",
        " X-Foo ,  X-Bar ,     | X-Foo X-Bar",
    })
    void fieldsNamedByConnection_areRemoved(String connection, String removed) {
        Headers headers = Headers.of("X-Foo", "1", "X-Bar", "2", "X-Keep", "3", "Connection", connection);
        Headers stripped = HopByHop.strip(headers);
        assertThat(names(stripped)).doesNotContain(removed.split(" ")).contains("X-Keep");
        assertThat(stripped.contains("Connection")).isFalse();
    }

    @Test
    void connectionOverSeveralLines_namesAreUnited() {
        Headers headers = Headers.of("Connection", "X-A", "X-A", "1", "Connection", "X-B", "X-B", "2", "X-C", "3");
        assertThat(names(HopByHop.strip(headers))).containsExactly("X-C");
    }

    @Test
    void endToEndFields_keepOrderNamesAndValues() {
        Headers headers = Headers.of("Cache-Control", "max-age=60", "Content-Length", "10",
                "Set-Cookie", "a=1", "Set-Cookie", "b=2", "Keep-Alive", "timeout=5");
        Headers stripped = HopByHop.strip(headers);
        assertThat(stripped).isEqualTo(Headers.of("Cache-Control", "max-age=60", "Content-Length", "10",
                "Set-Cookie", "a=1", "Set-Cookie", "b=2"));
    }

    @Test
    void noHopByHopFields_isUnchanged() {
        Headers headers = Headers.of("Date", "Sun, 01 Jun 2025 00:00:00 GMT", "Vary", "Accept");
        assertThat(HopByHop.strip(headers)).isEqualTo(headers);
        assertThat(HopByHop.strip(Headers.EMPTY).size()).isZero();
    }

    private static List<String> names(Headers headers) {
        List<String> names = new ArrayList<>();
        headers.forEach((n, v) -> names.add(n));
        return names;
    }
}
