package dev.geocdn.edge.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.AsciiString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request-head parser accepts plainly well-formed HTTP/1.1 heads (RFC 9112 sections 2 to 5)
 * and calls everything else unusual, for the full codec to judge; it never reads past the head.
 */
class RequestHeadTest {

    private static ByteBuf bytes(String text) {
        return Unpooled.copiedBuffer(text.replace("\\r", "\r").replace("\\n", "\n"), StandardCharsets.ISO_8859_1);
    }

    @ParameterizedTest(name = "{0}: {2}")
    @CsvSource(delimiter = '|', value = {
        "3: a plain GET                               | GET /a HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n                  | COMPLETE",
        "3: HEAD with several fields                  | HEAD /a?b=c HTTP/1.1\\r\\nHost: x\\r\\nAccept: */*\\r\\n\\r\\n | COMPLETE",
        "2.3: HTTP/1.0                                | GET / HTTP/1.0\\r\\n\\r\\n                             | COMPLETE",
        "5.1: spaces and tabs around a value          | GET / HTTP/1.1\\r\\nHost: \\t x \\t\\r\\n\\r\\n             | COMPLETE",
        "5.1: an empty value                          | GET / HTTP/1.1\\r\\nX-Empty:\\r\\n\\r\\n                  | COMPLETE",
        "2.2: no end yet                              | GET /a HTTP/1.1\\r\\nHost: x\\r\\n                      | INCOMPLETE",
        "3: only part of the request line             | GET /a HT                                             | INCOMPLETE",
        "2.2: a bare LF ends a line                   | GET / HTTP/1.1\\nHost: x\\n\\n                         | UNUSUAL",
        "5.2: obsolete line folding                   | GET / HTTP/1.1\\r\\nX-A: a\\r\\n b\\r\\n\\r\\n              | UNUSUAL",
        "5.1: whitespace before the colon             | GET / HTTP/1.1\\r\\nHost : x\\r\\n\\r\\n                   | UNUSUAL",
        "5.1: a field name that is not a token        | GET / HTTP/1.1\\r\\nHo(st: x\\r\\n\\r\\n                   | UNUSUAL",
        "5.5: a control character in a value          | GET / HTTP/1.1\\r\\nHost: a\u0001b\\r\\n\\r\\n             | UNUSUAL",
        "3.2.2: the absolute form                     | GET http://x/ HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n            | UNUSUAL",
        "3.2.4: the asterisk form                     | OPTIONS * HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n               | UNUSUAL",
        "2.3: HTTP/2.0                                | GET / HTTP/2.0\\r\\n\\r\\n                             | UNUSUAL",
        "2.3: HTTP/1.2                                | GET / HTTP/1.2\\r\\n\\r\\n                             | UNUSUAL",
        "3: a line that is not a request line         | GARBAGE\\r\\n\\r\\n                                    | UNUSUAL",
        "3: a method alone                            | GET\\r\\n\\r\\n                                        | UNUSUAL",
        "3: no version                                | GET /a\\r\\n\\r\\n                                     | UNUSUAL",
        "3: more after the version                    | GET /a HTTP/1.1 extra\\r\\n\\r\\n                      | UNUSUAL",
        "3: two spaces after the method               | GET  / HTTP/1.1\\r\\n\\r\\n                            | UNUSUAL",
        "3: a method that is not a token              | G(T / HTTP/1.1\\r\\n\\r\\n                             | UNUSUAL",
        "3.2: a target with a space                   | GET /a b HTTP/1.1\\r\\n\\r\\n                          | UNUSUAL",
        "3.2: a target with a non-ASCII byte          | GET /\u00e9 HTTP/1.1\\r\\n\\r\\n                          | UNUSUAL",
    })
    void judgesHeads(String section, String head, RequestHead.Result expected) {
        assertThat(new RequestHead(16).parse(bytes(head.strip()), 8192)).isEqualTo(expected);
    }

    @Test
    void readsTheFieldsWhereTheyLie() {
        ByteBuf buf = bytes("HEAD /p?q HTTP/1.1\r\nHOST:  Example.COM \r\nContent-Length: 42\r\nConnection: Keep-Alive\r\n\r\nNEXT");
        RequestHead head = new RequestHead(16);
        assertThat(head.parse(buf, 8192)).isEqualTo(RequestHead.Result.COMPLETE);
        assertThat(head.methodIs(AsciiString.cached("HEAD"))).isTrue();
        assertThat(head.methodIs(AsciiString.cached("GET"))).isFalse();
        assertThat(head.minorVersion()).isEqualTo(1);
        assertThat(buf.toString(head.targetStart(), head.targetEnd() - head.targetStart(), StandardCharsets.US_ASCII))
                .isEqualTo("/p?q");
        assertThat(head.fieldCount()).isEqualTo(3);
        int host = head.indexOf(AsciiString.cached("host"));
        assertThat(buf.toString(head.valueStart(host), head.valueEnd(host) - head.valueStart(host),
                StandardCharsets.US_ASCII)).isEqualTo("Example.COM");
        assertThat(head.decimalValue(head.indexOf(AsciiString.cached("content-length")))).isEqualTo(42);
        assertThat(head.valueIs(head.indexOf(AsciiString.cached("connection")), AsciiString.cached("keep-alive"))).isTrue();
        assertThat(head.count(AsciiString.cached("host"))).isEqualTo(1);
        assertThat(head.indexOf(AsciiString.cached("range"))).isEqualTo(-1);
        assertThat(head.length()).as("up to the blank line, not the next request")
                .isEqualTo(buf.readableBytes() - "NEXT".length());
    }

    @Test
    void everyPrefixOfAHeadIsIncomplete() {
        String text = "GET /objects/a?size=1k HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: t\r\n\r\n";
        RequestHead head = new RequestHead(16);
        for (int n = 0; n < text.length(); n++) {
            assertThat(head.parse(bytes(text.substring(0, n)), 8192)).as(n + " bytes")
                    .isEqualTo(RequestHead.Result.INCOMPLETE);
        }
        assertThat(head.parse(bytes(text), 8192)).isEqualTo(RequestHead.Result.COMPLETE);
    }

    @Test
    void headsBeyondTheLimitsAreUnusual() {
        RequestHead two = new RequestHead(2);
        assertThat(two.parse(bytes("GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\n\r\n"), 8192)).isEqualTo(RequestHead.Result.COMPLETE);
        assertThat(two.parse(bytes("GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n"), 8192))
                .as("more fields than allowed").isEqualTo(RequestHead.Result.UNUSUAL);
        String longHead = "GET / HTTP/1.1\r\nX: " + "a".repeat(200) + "\r\n\r\n";
        assertThat(two.parse(bytes(longHead), 100)).as("longer than allowed").isEqualTo(RequestHead.Result.UNUSUAL);
        assertThat(two.parse(bytes(longHead.substring(0, 150)), 100)).as("a partial head already too long")
                .isEqualTo(RequestHead.Result.UNUSUAL);
    }

    @Test
    void decimalValuesAreStrict() {
        RequestHead head = new RequestHead(8);
        head.parse(bytes("GET / HTTP/1.1\r\nA: 12\r\nB: 1x\r\nC: -1\r\nD:\r\nE: 1234567890123456789\r\n\r\n"), 8192);
        assertThat(head.decimalValue(0)).isEqualTo(12);
        assertThat(head.decimalValue(1)).isEqualTo(-1);
        assertThat(head.decimalValue(2)).isEqualTo(-1);
        assertThat(head.decimalValue(3)).isEqualTo(-1);
        assertThat(head.decimalValue(4)).as("too long to be a length").isEqualTo(-1);
    }
}
