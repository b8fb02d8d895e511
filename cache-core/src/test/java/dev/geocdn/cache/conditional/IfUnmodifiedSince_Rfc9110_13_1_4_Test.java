package dev.geocdn.cache.conditional;

import static dev.geocdn.cache.conditional.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("RFC 9110 13.1.4: If-Unmodified-Since fails with 412 when the representation is newer")
class IfUnmodifiedSince_Rfc9110_13_1_4_Test {

    @ParameterizedTest(name = "RFC 9110 13.1.4: {0} [{1}; {2}; representation {3}]")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
        an unchanged representation proceeds                 | PUT | If-Unmodified-Since: Sun, 06 Nov 1994 08:49:37 GMT | stored | PROCEED
        a representation older than the date proceeds        | PUT | If-Unmodified-Since: Sun, 06 Nov 1994 08:49:38 GMT | stored | PROCEED
        a representation newer than the date fails           | PUT | If-Unmodified-Since: Sun, 06 Nov 1994 08:49:36 GMT | stored | PRECONDITION_FAILED
        a newer representation fails a GET too               | GET | If-Unmodified-Since: Sun, 06 Nov 1994 08:49:36 GMT | stored | PRECONDITION_FAILED
        an asctime date is understood                        | PUT | If-Unmodified-Since: Sun Nov  6 08:49:36 1994 | stored | PRECONDITION_FAILED
        an invalid date is ignored                           | PUT | If-Unmodified-Since: yesterday | stored | PROCEED
        an empty date is ignored                             | PUT | If-Unmodified-Since: '' | stored | PROCEED
        a list of dates is invalid and ignored               | PUT | If-Unmodified-Since: Sun, 06 Nov 1994 08:49:36 GMT ; If-Unmodified-Since: Sun, 06 Nov 1994 08:49:36 GMT | stored | PROCEED
        a representation without Last-Modified ignores it    | PUT | If-Unmodified-Since: Sun, 06 Nov 1994 08:49:36 GMT | ETag: "v1" | PROCEED
        an invalid Last-Modified ignores it                  | PUT | If-Unmodified-Since: Sun, 06 Nov 1994 08:49:36 GMT | Last-Modified: soon | PROCEED
        it is ignored when If-Match is present and true      | PUT | If-Match: "v1" ; If-Unmodified-Since: Sun, 06 Nov 1994 08:49:36 GMT | stored | PROCEED
        If-Match decides alone when it is false              | PUT | If-Match: "v2" ; If-Unmodified-Since: Sun, 06 Nov 1994 08:49:38 GMT | stored | PRECONDITION_FAILED
        """)
    void ifUnmodifiedSinceComparesLastModified(String rule, String method, String request, String representation,
            String expected) {
        assertThat(Preconditions.evaluate(method, Fixtures.headers(request), Fixtures.representation(representation), NOW))
                .isEqualTo(PreconditionOutcome.valueOf(expected));
    }
}
