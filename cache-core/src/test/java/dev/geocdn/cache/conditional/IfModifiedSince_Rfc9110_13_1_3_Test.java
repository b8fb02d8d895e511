package dev.geocdn.cache.conditional;

import static dev.geocdn.cache.conditional.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("RFC 9110 13.1.3: If-Modified-Since gives 304 unless the representation is newer")
class IfModifiedSince_Rfc9110_13_1_3_Test {

    @ParameterizedTest(name = "RFC 9110 13.1.3: {0} [{1}; {2}; representation {3}]")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
        a representation modified exactly then is not modified | GET  | If-Modified-Since: Sun, 06 Nov 1994 08:49:37 GMT | stored | NOT_MODIFIED
        a representation older than the date is not modified  | GET  | If-Modified-Since: Sun, 06 Nov 1994 08:49:38 GMT | stored | NOT_MODIFIED
        a HEAD is answered like a GET                         | HEAD | If-Modified-Since: Sun, 06 Nov 1994 08:49:38 GMT | stored | NOT_MODIFIED
        a representation newer than the date proceeds         | GET  | If-Modified-Since: Sun, 06 Nov 1994 08:49:36 GMT | stored | PROCEED
        an asctime date is understood                         | GET  | If-Modified-Since: Sun Nov  6 08:49:37 1994 | stored | NOT_MODIFIED
        an invalid date is ignored                            | GET  | If-Modified-Since: yesterday | stored | PROCEED
        an empty date is ignored                              | GET  | If-Modified-Since: '' | stored | PROCEED
        a list of dates is invalid and ignored                | GET  | If-Modified-Since: Sun, 06 Nov 1994 08:49:38 GMT ; If-Modified-Since: Sun, 06 Nov 1994 08:49:38 GMT | stored | PROCEED
        a representation without Last-Modified ignores it     | GET  | If-Modified-Since: Sun, 06 Nov 1994 08:49:38 GMT | ETag: "v1" | PROCEED
        an invalid Last-Modified ignores it                   | GET  | If-Modified-Since: Sun, 06 Nov 1994 08:49:38 GMT | Last-Modified: soon | PROCEED
        no representation ignores it                          | GET  | If-Modified-Since: Sun, 06 Nov 1994 08:49:38 GMT | none | PROCEED
        it is ignored for POST                                | POST | If-Modified-Since: Sun, 06 Nov 1994 08:49:38 GMT | stored | PROCEED
        it is ignored for PUT                                 | PUT  | If-Modified-Since: Sun, 06 Nov 1994 08:49:38 GMT | stored | PROCEED
        it is ignored when If-None-Match is present           | GET  | If-None-Match: "v2" ; If-Modified-Since: Sun, 06 Nov 1994 08:49:38 GMT | stored | PROCEED
        it is ignored even when If-None-Match is malformed    | GET  | If-None-Match: v2 ; If-Modified-Since: Sun, 06 Nov 1994 08:49:38 GMT | stored | PROCEED
        If-None-Match decides alone when it matches           | GET  | If-None-Match: "v1" ; If-Modified-Since: Sun, 06 Nov 1994 08:49:36 GMT | stored | NOT_MODIFIED
        """)
    void ifModifiedSinceComparesLastModified(String rule, String method, String request, String representation,
            String expected) {
        assertThat(Preconditions.evaluate(method, Fixtures.headers(request), Fixtures.representation(representation), NOW))
                .isEqualTo(PreconditionOutcome.valueOf(expected));
    }
}
