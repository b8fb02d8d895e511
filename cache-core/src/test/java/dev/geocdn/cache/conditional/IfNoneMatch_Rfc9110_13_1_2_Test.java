package dev.geocdn.cache.conditional;

import static dev.geocdn.cache.conditional.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.geocdn.cache.http.Headers;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("RFC 9110 13.1.2: If-None-Match uses weak comparison: 304 for GET/HEAD, 412 otherwise")
class IfNoneMatch_Rfc9110_13_1_2_Test {

    @ParameterizedTest(name = "RFC 9110 13.1.2: {0} [{1} with If-None-Match: {2}; representation {3}]")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
        a GET for the current tag is not modified            | GET    | "v1"            | stored         | NOT_MODIFIED
        a HEAD for the current tag is not modified           | HEAD   | "v1"            | stored         | NOT_MODIFIED
        a weak request tag matches weakly                    | GET    | W/"v1"          | stored         | NOT_MODIFIED
        a weak current tag matches weakly                    | GET    | "v1"            | ETag: W/"v1"   | NOT_MODIFIED
        two weak tags match weakly                           | GET    | W/"v1"          | ETag: W/"v1"   | NOT_MODIFIED
        any listed tag may match                             | GET    | "a", "b", "v1"  | stored         | NOT_MODIFIED
        empty list elements are ignored                      | GET    | ', , "v1",'     | stored         | NOT_MODIFIED
        a GET for another tag proceeds                       | GET    | "v2"            | stored         | PROCEED
        the wildcard makes a GET not modified                | GET    | *               | stored         | NOT_MODIFIED
        the wildcard fails an unsafe method                  | PUT    | *               | stored         | PRECONDITION_FAILED
        the wildcard lets a create proceed when nothing exists| PUT   | *               | none           | PROCEED
        a tag proceeds when nothing exists                   | GET    | "v1"            | none           | PROCEED
        a matching tag fails an unsafe method                | PUT    | "v1"            | stored         | PRECONDITION_FAILED
        a weakly matching tag fails an unsafe method         | DELETE | W/"v1"          | stored         | PRECONDITION_FAILED
        another tag lets an unsafe method proceed            | POST   | "v2"            | stored         | PROCEED
        a representation without ETag matches no tag         | GET    | "v1"            | Content-Type: text/plain | PROCEED
        the wildcard matches a representation without ETag   | GET    | *               | Content-Type: text/plain | NOT_MODIFIED
        a malformed list matches nothing                     | GET    | v1              | stored         | PROCEED
        a list with one malformed element matches nothing    | GET    | "v1", v2        | stored         | PROCEED
        an empty list matches nothing                        | GET    | ''              | stored         | PROCEED
        comparison is case-sensitive                         | GET    | "V1"            | stored         | PROCEED
        methods are case-sensitive, so get is not GET        | get    | "v1"            | stored         | PRECONDITION_FAILED
        """)
    void ifNoneMatchUsesWeakComparison(String rule, String method, String ifNoneMatch, String representation,
            String expected) {
        Headers request = Headers.of("If-None-Match", ifNoneMatch);
        assertThat(Preconditions.evaluate(method, request, Fixtures.representation(representation), NOW))
                .isEqualTo(PreconditionOutcome.valueOf(expected));
    }

    @ParameterizedTest(name = "RFC 9110 5.3: If-None-Match on several lines is one list [{0} / {1}]")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
        "v0" | "v1" | NOT_MODIFIED
        "v0" | "v2" | PROCEED
        """)
    void ifNoneMatchLinesAreCombined(String first, String second, String expected) {
        Headers request = Headers.of("If-None-Match", first, "If-None-Match", second);
        assertThat(Preconditions.evaluate("GET", request, Fixtures.STORED, NOW))
                .isEqualTo(PreconditionOutcome.valueOf(expected));
    }
}
