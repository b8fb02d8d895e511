package dev.geocdn.cache.conditional;

import static dev.geocdn.cache.conditional.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("RFC 9110 13.2.2: preconditions are evaluated in a fixed order")
class PreconditionOrder_Rfc9110_13_2_2_Test {

    @ParameterizedTest(name = "RFC 9110 13.2.2: {0} [{1}; {2}]")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
        no preconditions means proceed                          | GET     | ''                                                                  | PROCEED
        a failed If-Match wins over a matching If-None-Match     | GET     | If-Match: "v2" ; If-None-Match: "v1"                                | PRECONDITION_FAILED
        a passed If-Match lets If-None-Match answer 304          | GET     | If-Match: "v1" ; If-None-Match: "v1"                                | NOT_MODIFIED
        a passed If-Match lets If-None-Match answer 412 for PUT  | PUT     | If-Match: "v1" ; If-None-Match: "v1"                                | PRECONDITION_FAILED
        a failed If-Unmodified-Since wins over If-None-Match     | GET     | If-Unmodified-Since: Sun, 06 Nov 1994 08:49:36 GMT ; If-None-Match: "v1" | PRECONDITION_FAILED
        a failed If-Unmodified-Since wins over If-Modified-Since | GET     | If-Unmodified-Since: Sun, 06 Nov 1994 08:49:36 GMT ; If-Modified-Since: Sun, 06 Nov 1994 08:49:38 GMT | PRECONDITION_FAILED
        If-Match makes If-Unmodified-Since irrelevant            | GET     | If-Match: * ; If-Unmodified-Since: Sun, 06 Nov 1994 08:49:36 GMT    | PROCEED
        If-None-Match makes If-Modified-Since irrelevant         | GET     | If-None-Match: "v2" ; If-Modified-Since: Sun, 06 Nov 1994 08:49:38 GMT | PROCEED
        a matching If-None-Match gives 304 despite a newer date  | GET     | If-None-Match: W/"v1" ; If-Modified-Since: Sun, 06 Nov 1994 08:49:36 GMT | NOT_MODIFIED
        passed step 1 and step 4 not-modified give 304           | GET     | If-Match: "v1" ; If-Modified-Since: Sun, 06 Nov 1994 08:49:37 GMT  | NOT_MODIFIED
        passed step 2 and step 4 not-modified give 304           | HEAD    | If-Unmodified-Since: Sun, 06 Nov 1994 08:49:37 GMT ; If-Modified-Since: Sun, 06 Nov 1994 08:49:37 GMT | NOT_MODIFIED
        every precondition true means proceed                    | GET     | If-Match: "v1" ; If-None-Match: "v2" ; If-Modified-Since: Sun, 06 Nov 1994 08:49:36 GMT | PROCEED
        OPTIONS ignores preconditions                            | OPTIONS | If-Match: "v2" ; If-None-Match: *                                   | PROCEED
        TRACE ignores preconditions                              | TRACE   | If-Match: "v2"                                                      | PROCEED
        CONNECT ignores preconditions                            | CONNECT | If-None-Match: *                                                    | PROCEED
        field names are case-insensitive                         | GET     | if-none-match: "v1"                                                 | NOT_MODIFIED
        unrelated fields change nothing                          | GET     | Range: bytes=0-9 ; If-Range: "v2"                                   | PROCEED
        """)
    void preconditionsAreEvaluatedInOrder(String rule, String method, String request, String expected) {
        assertThat(Preconditions.evaluate(method, Fixtures.headers(request), Fixtures.STORED, NOW))
                .isEqualTo(PreconditionOutcome.valueOf(expected));
    }
}
