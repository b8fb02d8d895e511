package dev.geocdn.cache.conditional;

import static dev.geocdn.cache.conditional.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.geocdn.cache.http.Headers;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("RFC 9110 13.1.1: If-Match uses strong comparison and fails with 412")
class IfMatch_Rfc9110_13_1_1_Test {

    @ParameterizedTest(name = "RFC 9110 13.1.1: {0} [{1} with If-Match: {2}; representation {3}]")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
        the current tag lets the request proceed             | GET    | "v1"              | stored                  | PROCEED
        the current tag lets an unsafe request proceed       | PUT    | "v1"              | stored                  | PROCEED
        another tag fails a GET                              | GET    | "v2"              | stored                  | PRECONDITION_FAILED
        another tag fails a PUT                              | PUT    | "v2"              | stored                  | PRECONDITION_FAILED
        any listed tag may match                             | DELETE | "v0", "v1", "v2"  | stored                  | PROCEED
        a weak request tag never matches strongly            | PUT    | W/"v1"            | stored                  | PRECONDITION_FAILED
        a weak current tag never matches strongly            | PUT    | W/"v1"            | ETag: W/"v1"            | PRECONDITION_FAILED
        a strong request tag does not match a weak current   | PUT    | "v1"              | ETag: W/"v1"            | PRECONDITION_FAILED
        the wildcard matches any current representation      | PUT    | *                 | stored                  | PROCEED
        the wildcard matches a representation without ETag   | PUT    | *                 | Content-Type: text/plain| PROCEED
        the wildcard fails when there is no representation   | PUT    | *                 | none                    | PRECONDITION_FAILED
        a tag fails when there is no representation          | PUT    | "v1"              | none                    | PRECONDITION_FAILED
        a tag fails against a representation without ETag    | PUT    | "v1"              | Content-Type: text/plain| PRECONDITION_FAILED
        a malformed list matches nothing                     | PUT    | v1                | stored                  | PRECONDITION_FAILED
        a list with one malformed element matches nothing    | PUT    | "v1", v2          | stored                  | PRECONDITION_FAILED
        an empty list matches nothing                        | PUT    | ''                | stored                  | PRECONDITION_FAILED
        a lower-case weak prefix is malformed                | PUT    | w/"v1"            | stored                  | PRECONDITION_FAILED
        comparison is case-sensitive                         | PUT    | "V1"              | stored                  | PRECONDITION_FAILED
        """)
    void ifMatchRequiresAStrongMatch(String rule, String method, String ifMatch, String representation,
            String expected) {
        Headers request = Headers.of("If-Match", ifMatch);
        assertThat(Preconditions.evaluate(method, request, Fixtures.representation(representation), NOW))
                .isEqualTo(PreconditionOutcome.valueOf(expected));
    }

    @ParameterizedTest(name = "RFC 9110 5.3: If-Match on several lines is one list [{0} / {1}]")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
        "v0" | "v1" | PROCEED
        "v0" | "v2" | PRECONDITION_FAILED
        """)
    void ifMatchLinesAreCombined(String first, String second, String expected) {
        Headers request = Headers.of("If-Match", first, "if-match", second);
        assertThat(Preconditions.evaluate("PUT", request, Fixtures.STORED, NOW))
                .isEqualTo(PreconditionOutcome.valueOf(expected));
    }
}
