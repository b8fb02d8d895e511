package dev.geocdn.cache.freshness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geocdn.cache.http.Headers;

import java.net.URI;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("RFC 9111 4.4: invalidating stored responses after unsafe methods")
class UnsafeInvalidation_Rfc9111_4_4_Test {

    private static final String TARGET = "https://a.example/dir/x";

    /** Location and Content-Location cells: '' for absent; expected: space-separated URIs, '' for none. */
    @ParameterizedTest(name = "4.4: {0} {1}, Location ''{2}'', Content-Location ''{3}'' invalidates [{4}]")
    @CsvSource(delimiter = '|', value = {
        "POST   | 200 | ''                                | ''                       | https://a.example/dir/x",
        "PUT    | 201 | /y                                | ''                       | https://a.example/dir/x https://a.example/y",
        "DELETE | 204 | ''                                | ''                       | https://a.example/dir/x",
        "PATCH  | 200 | ''                                | /dir/x?v=2               | https://a.example/dir/x https://a.example/dir/x?v=2",
        "POST   | 303 | z                                 | ''                       | https://a.example/dir/x https://a.example/dir/z",
        "POST   | 201 | /y                                | /z                       | https://a.example/dir/x https://a.example/y https://a.example/z",
        "POST   | 201 | https://a.example/y               | ''                       | https://a.example/dir/x https://a.example/y",
        "POST   | 201 | HTTPS://A.EXAMPLE/y               | ''                       | https://a.example/dir/x HTTPS://A.EXAMPLE/y",
        "POST   | 201 | https://a.example:443/y           | ''                       | https://a.example/dir/x https://a.example:443/y",
        "POST   | 201 | https://b.example/y               | ''                       | https://a.example/dir/x",
        "POST   | 201 | http://a.example/y                | ''                       | https://a.example/dir/x",
        "POST   | 201 | https://a.example:8443/y          | ''                       | https://a.example/dir/x",
        "POST   | 201 | //b.example/y                     | https://evil.example/x   | https://a.example/dir/x",
        "POST   | 201 | https://a.example/dir/x           | /dir/x                   | https://a.example/dir/x",
        "POST   | 201 | http://[bad                       | ''                       | https://a.example/dir/x",
        "POST   | 301 | /moved                            | ''                       | https://a.example/dir/x https://a.example/moved",
        "PURGE  | 200 | ''                                | ''                       | https://a.example/dir/x",
        "post   | 200 | ''                                | ''                       | https://a.example/dir/x",
        "GET    | 200 | /y                                | /z                       | ''",
        "HEAD   | 200 | ''                                | ''                       | ''",
        "OPTIONS| 200 | ''                                | ''                       | ''",
        "TRACE  | 200 | ''                                | ''                       | ''",
        "POST   | 100 | ''                                | ''                       | ''",
        "POST   | 400 | /y                                | ''                       | ''",
        "DELETE | 404 | ''                                | ''                       | ''",
        "PUT    | 409 | ''                                | ''                       | ''",
        "POST   | 500 | ''                                | ''                       | ''",
        "DELETE | 503 | ''                                | ''                       | ''",
        "POST   | 399 | ''                                | ''                       | https://a.example/dir/x",
    })
    void invalidatedUris(String method, int status, String location, String contentLocation, String expected) {
        Headers.Builder response = Headers.EMPTY.newBuilder();
        if (!location.isEmpty()) {
            response.add("Location", location);
        }
        if (!contentLocation.isEmpty()) {
            response.add("Content-Location", contentLocation);
        }
        List<URI> uris = UnsafeInvalidation.targets(method, URI.create(TARGET), status, response.build());
        List<URI> want = expected.isEmpty() ? List.of() : Arrays.stream(expected.split(" ")).map(URI::create).toList();
        assertThat(uris).containsExactlyElementsOf(want);
    }
}
