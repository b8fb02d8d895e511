package dev.geocdn.cache.vary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geocdn.cache.http.Headers;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("RFC 9111 4.1: calculating cache keys with Vary")
class VaryKeys_Rfc9111_4_1_Test {

    @ParameterizedTest(name = "4.1: Vary ''{0}'' names [{1}]")
    @CsvSource(delimiter = '|', value = {
        "Accept-Encoding                 | accept-encoding",
        "Accept-Encoding, User-Agent     | accept-encoding user-agent",
        "accept-encoding,ACCEPT-ENCODING | accept-encoding",
        " , Accept ,, Origin ,           | accept origin",
        "*                               | *",
        "Accept, *                       | accept *",
        "''                              | ''",
    })
    void fieldNames_areLowerCasedInOrderWithoutDuplicates(String vary, String expected) {
        List<String> want = expected.isEmpty() ? List.of() : Arrays.asList(expected.split(" "));
        assertThat(VaryKeys.fieldNames(Headers.of("Vary", vary))).containsExactlyElementsOf(want);
    }

    @Test
    void fieldNames_fromSeveralLinesAreUnited() {
        Headers response = Headers.of("Vary", "Accept", "Content-Type", "x", "vary", "Origin, accept");
        assertThat(VaryKeys.fieldNames(response)).containsExactly("accept", "origin");
        assertThat(VaryKeys.fieldNames(Headers.EMPTY)).isEmpty();
    }

    @ParameterizedTest(name = "4.1: Vary ''{0}'' is Vary: *: {1}")
    @CsvSource(delimiter = '|', value = {
        "*             | true",
        "Accept , *,Origin | true",
        "Accept, *     | true",
        "Accept        | false",
        "Accept-*      | false",
        "''            | false",
    })
    void varyStar(String vary, boolean star) {
        assertThat(VaryKeys.isVaryStar(Headers.of("Vary", vary))).isEqualTo(star);
    }

    @Test
    void varyStar_onAnotherLine() {
        assertThat(VaryKeys.isVaryStar(Headers.of("Vary", "Accept", "Vary", "*"))).isTrue();
        assertThat(VaryKeys.isVaryStar(Headers.EMPTY)).isFalse();
    }

    /** Two requests' Accept-Encoding values ('-' for absent) and whether they select the same variant. */
    @ParameterizedTest(name = "4.1: Accept-Encoding ''{0}'' and ''{1}'' match: {2}")
    @CsvSource(delimiter = '|', value = {
        "gzip            | gzip            | true",
        "gzip, br        | gzip,br         | true",
        "gzip ,  br      | gzip, br        | true",
        "gzip,\tbr       | gzip, br        | true",
        "gzip;q=1   br   | gzip;q=1 br     | true",
        "gzip            | br              | false",
        "gzip, br        | br, gzip        | true",
        "gzip            | GZIP            | true",
        "x-gzip          | gzip            | true",
        "gzip;q=0.50     | gzip; Q=0.5     | true",
        "gzip;q=1        | gzip            | true",
        "gzip;q=1.000, br | br;q=1, gzip   | true",
        "gzip, gzip;q=0  | gzip            | true",
        "gzip;q=0        | gzip            | false",
        "gzip;q=0.5      | gzip;q=0.6      | false",
        "''              | -               | false",
        "-               | -               | true",
        "''              | ''              | true",
    })
    void secondaryKeys(String first, String second, boolean match) {
        List<String> names = List.of("accept-encoding");
        assertThat(VaryKeys.secondaryKey(names, request(first)).equals(VaryKeys.secondaryKey(names, request(second))))
                .isEqualTo(match);
    }

    /** Two requests' Accept-Language values and whether they select the same variant. */
    @ParameterizedTest(name = "4.1 with RFC 9110 12.5.4: Accept-Language ''{0}'' and ''{1}'' match: {2}")
    @CsvSource(delimiter = '|', value = {
        "en-US,en;q=0.9           | en-us, EN; q=0.900        | true",
        "fr;q=0.8, de             | de, fr;q=0.8              | true",
        "de, en;q=0.5, fr;q=0.8   | de,fr;q=0.8,en;q=0.5      | true",
        "*                        | *;q=1                     | true",
        "de, fr                   | fr, de                    | false",
        "en                       | en;q=0.5                  | false",
        "en, *;q=0                | en                        | false",
        "en-GB                    | en                        | false",
    })
    void acceptLanguage_equivalentSpellingsShareAVariant(String first, String second, boolean match) {
        List<String> names = List.of("accept-language");
        assertThat(VaryKeys.secondaryKey(names, Headers.of("Accept-Language", first))
                .equals(VaryKeys.secondaryKey(names, Headers.of("Accept-Language", second)))).isEqualTo(match);
    }

    @Test
    void severalRequestLines_equalTheCombinedValue() {
        List<String> names = List.of("accept-encoding");
        Headers twoLines = Headers.of("Accept-Encoding", "gzip", "accept-encoding", "br");
        assertThat(VaryKeys.secondaryKey(names, twoLines))
                .isEqualTo(VaryKeys.secondaryKey(names, Headers.of("Accept-Encoding", "gzip, br")));
    }

    @Test
    void everyNamedFieldMustMatch() {
        List<String> names = List.of("accept-encoding", "accept-language");
        Headers a = Headers.of("Accept-Encoding", "gzip", "Accept-Language", "de");
        Headers b = Headers.of("Accept-Language", "de", "Accept-Encoding", "gzip");
        Headers c = Headers.of("Accept-Encoding", "gzip", "Accept-Language", "fr");
        assertThat(VaryKeys.secondaryKey(names, a)).isEqualTo(VaryKeys.secondaryKey(names, b))
                .isNotEqualTo(VaryKeys.secondaryKey(names, c));
    }

    @Test
    void fieldsNotNamed_doNotMatter() {
        List<String> names = List.of("accept-encoding");
        assertThat(VaryKeys.secondaryKey(names, Headers.of("Accept-Encoding", "gzip", "Cookie", "a=1")))
                .isEqualTo(VaryKeys.secondaryKey(names, Headers.of("Accept-Encoding", "gzip", "Cookie", "b=2")));
    }

    @Test
    void noVary_isTheEmptyKey() {
        assertThat(VaryKeys.secondaryKey(List.of(), Headers.of("Accept", "x"))).isEmpty();
    }

    private static Headers request(String acceptEncoding) {
        return acceptEncoding.equals("-") ? Headers.of("Accept", "*/*")
                : Headers.of("Accept", "*/*", "Accept-Encoding", acceptEncoding);
    }
}
