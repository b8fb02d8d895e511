package dev.geocdn.cache.ranges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("RFC 9110 14.6: a multipart/byteranges body is laid out exactly")
class MultipartByteRanges_Rfc9110_14_6_Test {

    private static final byte[] DIGITS = "0123456789".getBytes(StandardCharsets.US_ASCII);

    /** Writes the body as a caller would: literals as they are, slices from the stored body. */
    static byte[] assemble(MultipartByteRanges body, byte[] representation) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (MultipartByteRanges.Segment segment : body.segments()) {
            switch (segment) {
                case MultipartByteRanges.Segment.Literal literal -> out.writeBytes(literal.bytes());
                case MultipartByteRanges.Segment.Slice slice ->
                        out.write(representation, (int) slice.offset(), (int) slice.length());
            }
        }
        return out.toByteArray();
    }

    static Stream<Arguments> layouts() {
        return Stream.of(
                Arguments.of("two parts carry Content-Type and Content-Range each",
                        List.of(new ByteRange(0, 1), new ByteRange(5, 6)), "text/plain",
                        "--B\r\n"
                        + "Content-Type: text/plain\r\n"
                        + "Content-Range: bytes 0-1/10\r\n"
                        + "\r\n"
                        + "01"
                        + "\r\n--B\r\n"
                        + "Content-Type: text/plain\r\n"
                        + "Content-Range: bytes 5-6/10\r\n"
                        + "\r\n"
                        + "56"
                        + "\r\n--B--\r\n"),
                Arguments.of("a representation without Content-Type gives parts without it",
                        List.of(new ByteRange(8, 9), new ByteRange(0, 0)), null,
                        "--B\r\n"
                        + "Content-Range: bytes 8-9/10\r\n"
                        + "\r\n"
                        + "89"
                        + "\r\n--B\r\n"
                        + "Content-Range: bytes 0-0/10\r\n"
                        + "\r\n"
                        + "0"
                        + "\r\n--B--\r\n"),
                Arguments.of("a single part is still a well-formed multipart body",
                        List.of(new ByteRange(0, 9)), "application/octet-stream",
                        "--B\r\n"
                        + "Content-Type: application/octet-stream\r\n"
                        + "Content-Range: bytes 0-9/10\r\n"
                        + "\r\n"
                        + "0123456789"
                        + "\r\n--B--\r\n"),
                Arguments.of("parts follow the given order, parameters of the type included",
                        List.of(new ByteRange(9, 9), new ByteRange(3, 4), new ByteRange(0, 0)),
                        "text/plain; charset=utf-8",
                        "--B\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Range: bytes 9-9/10\r\n\r\n9"
                        + "\r\n--B\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Range: bytes 3-4/10\r\n\r\n34"
                        + "\r\n--B\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Range: bytes 0-0/10\r\n\r\n0"
                        + "\r\n--B--\r\n"));
    }

    @ParameterizedTest(name = "RFC 9110 14.6: {0}")
    @MethodSource("layouts")
    void bodyIsLaidOutAsRfc2046Multipart(String rule, List<ByteRange> ranges, String contentType, String expected) {
        MultipartByteRanges body = MultipartByteRanges.of(ranges, DIGITS.length, contentType, "B");

        byte[] written = assemble(body, DIGITS);

        assertThat(new String(written, StandardCharsets.ISO_8859_1)).isEqualTo(expected);
        assertThat(body.contentLength()).isEqualTo(written.length);
    }

    @Test
    @DisplayName("RFC 9110 14.6: the example response of the RFC is reproduced header for header")
    void theRfcExampleIsReproduced() {
        MultipartByteRanges body = MultipartByteRanges.of(
                List.of(new ByteRange(500, 999), new ByteRange(7000, 7999)), 8000, "application/pdf",
                "THIS_STRING_SEPARATES");

        assertThat(body.contentType()).isEqualTo("multipart/byteranges; boundary=THIS_STRING_SEPARATES");
        assertThat(body.segments()).containsExactly(
                new MultipartByteRanges.Segment.Literal("--THIS_STRING_SEPARATES\r\n"
                        + "Content-Type: application/pdf\r\n"
                        + "Content-Range: bytes 500-999/8000\r\n\r\n"),
                new MultipartByteRanges.Segment.Slice(500, 500),
                new MultipartByteRanges.Segment.Literal("\r\n--THIS_STRING_SEPARATES\r\n"
                        + "Content-Type: application/pdf\r\n"
                        + "Content-Range: bytes 7000-7999/8000\r\n\r\n"),
                new MultipartByteRanges.Segment.Slice(7000, 1000),
                new MultipartByteRanges.Segment.Literal("\r\n--THIS_STRING_SEPARATES--\r\n"));
        long literals = body.segments().stream()
                .filter(s -> s instanceof MultipartByteRanges.Segment.Literal)
                .mapToLong(MultipartByteRanges.Segment::length).sum();
        assertThat(body.contentLength()).isEqualTo(literals + 500 + 1000);
    }

    @ParameterizedTest(name = "RFC 9110 5.6.6: boundary ''{0}'' is sent as ''{1}''")
    @CsvSource(delimiter = '|', textBlock = """
        B                     | multipart/byteranges; boundary=B
        abc-123_X.Y           | multipart/byteranges; boundary=abc-123_X.Y
        'a b'                 | multipart/byteranges; boundary="a b"
        a:b                   | multipart/byteranges; boundary="a:b"
        '(x)'                 | multipart/byteranges; boundary="(x)"
        """)
    void boundaryIsQuotedWhenItIsNotAToken(String boundary, String contentType) {
        MultipartByteRanges body = MultipartByteRanges.of(List.of(new ByteRange(0, 0)), 1, null, boundary);
        assertThat(body.contentType()).isEqualTo(contentType);
        assertThat(body.boundary()).isEqualTo(boundary);
    }

    static Stream<Arguments> invalidBoundaries() {
        return Stream.of(
                Arguments.of("an empty boundary", ""),
                Arguments.of("a boundary of 71 characters", "x".repeat(71)),
                Arguments.of("a boundary ending in a space", "abc "),
                Arguments.of("a boundary with CRLF", "a\r\nb"),
                Arguments.of("a boundary with a double quote", "a\"b"),
                Arguments.of("a boundary with a non-ASCII letter", "caf\u00e9"));
    }

    @ParameterizedTest(name = "RFC 2046 5.1.1: {0} is rejected")
    @MethodSource("invalidBoundaries")
    void invalidBoundariesAreRejected(String rule, String boundary) {
        assertThatIllegalArgumentException().isThrownBy(
                () -> MultipartByteRanges.of(List.of(new ByteRange(0, 0)), 1, null, boundary));
    }

    @ParameterizedTest(name = "RFC 2046 5.1.1: a boundary of {0} characters is accepted")
    @ValueSource(ints = {1, 70})
    void boundaryLengthLimitsAreInclusive(int length) {
        MultipartByteRanges body = MultipartByteRanges.of(List.of(new ByteRange(0, 0)), 1, null, "b".repeat(length));
        assertThat(body.boundary()).hasSize(length);
    }

    static Stream<Arguments> invalidLayouts() {
        return Stream.of(
                Arguments.of("no ranges at all", List.of(), "text/plain"),
                Arguments.of("a range past the end of the representation", List.of(new ByteRange(5, 10)), "text/plain"),
                Arguments.of("a content type that would inject a header", List.of(new ByteRange(0, 1)),
                        "text/plain\r\nX-Evil: 1"));
    }

    @ParameterizedTest(name = "RFC 9110 14.6: {0} is rejected")
    @MethodSource("invalidLayouts")
    void impossibleBodiesAreRejected(String rule, List<ByteRange> ranges, String contentType) {
        assertThatIllegalArgumentException().isThrownBy(
                () -> MultipartByteRanges.of(ranges, 10, contentType, "B"));
    }

    @Test
    @DisplayName("RFC 2046 5.1.1: new boundaries are 32 valid token characters and differ each time")
    void newBoundariesAreRandomTokens() {
        SplittableRandom random = new SplittableRandom(42);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String boundary = MultipartByteRanges.newBoundary(random);
            assertThat(boundary).hasSize(32).matches("[0-9A-Za-z]+");
            seen.add(boundary);
            MultipartByteRanges body = MultipartByteRanges.of(List.of(new ByteRange(0, 0)), 1, null, boundary);
            assertThat(body.contentType()).isEqualTo("multipart/byteranges; boundary=" + boundary);
        }
        assertThat(seen).hasSize(1000);
    }

    @Test
    @DisplayName("RFC 9110 14.6: a decision's ranges feed straight into the layout")
    void decisionRangesFeedTheLayout() {
        RangeDecision decision = RangeRequests.decide("GET",
                dev.geocdn.cache.http.Headers.of("Range", "bytes=-2,0-1"), DIGITS.length,
                dev.geocdn.cache.http.Headers.EMPTY, java.time.Instant.EPOCH);
        RangeDecision.Partial partial = (RangeDecision.Partial) decision;
        MultipartByteRanges body = MultipartByteRanges.of(partial.ranges(), DIGITS.length, "text/plain", "B");

        String written = new String(assemble(body, DIGITS), StandardCharsets.ISO_8859_1);

        assertThat(written).contains("Content-Range: bytes 8-9/10\r\n\r\n89\r\n--B\r\n");
        assertThat(written).contains("Content-Range: bytes 0-1/10\r\n\r\n01\r\n--B--\r\n");
        assertThat(Arrays.asList(written.split("\r\n--B"))).hasSize(3);
    }
}
