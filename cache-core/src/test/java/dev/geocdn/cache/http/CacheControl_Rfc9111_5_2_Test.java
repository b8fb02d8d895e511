package dev.geocdn.cache.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("RFC 9111 5.2: Cache-Control is parsed leniently")
class CacheControl_Rfc9111_5_2_Test {

    /** Cells use NULL for "present without an argument" and ABSENT for "not present". */
    @ParameterizedTest(name = "{0}: in ''{1}'' {2} is {3}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "5.2: a bare token                         | no-cache                                  | no-cache   | NULL",
        "5.2: token argument                       | max-age=60                                | max-age    | 60",
        "5.2: several directives                   | public, max-age=60, no-transform          | no-transform | NULL",
        "5.2: names are case-insensitive           | Max-Age=60, NO-STORE                      | no-store   | NULL",
        "5.2: names are stored lower-cased         | MAX-AGE=60                                | max-age    | 60",
        "5.2: arguments keep their case            | x-token=AbC                               | x-token    | AbC",
        "5.2: quoted-string argument               | community=\"UCI\"                         | community  | UCI",
        "5.2: comma inside a quoted string         | private=\"Set-Cookie, Authorization\", max-age=5 | private | Set-Cookie, Authorization",
        "5.2: directive after a quoted comma       | private=\"Set-Cookie, Authorization\", max-age=5 | max-age | 5",
        "5.2: quoted-pair escapes                  | x=\"a\\\"b\\\\c\"                         | x          | a\"b\\c",
        "4.2.1: duplicates, first wins             | max-age=60, max-age=10                    | max-age    | 60",
        "4.2.1: duplicates across case, first wins | MAX-AGE=60, max-age=10                    | max-age    | 60",
        "lenient: whitespace around =              | max-age = 60                              | max-age    | 60",
        "lenient: empty list members               | ,, max-age=60 ,,                          | max-age    | 60",
        "lenient: junk after an argument           | max-age=60 junk, public                   | max-age    | 60",
        "lenient: junk does not hide the next one  | max-age=60 junk, public                   | public     | NULL",
        "lenient: unclosed quote keeps the rest    | x=\"abc                                   | x          | abc",
        "lenient: a tab separates                  | public,\tmax-age=7                       | max-age    | 7",
        "absent directive                          | max-age=60                                | s-maxage   | ABSENT",
        "a prefix is not the directive             | max-age-x=60                              | max-age    | ABSENT",
    })
    void directivesAndArguments(String description, String value, String directive, String expected) {
        CacheControl cc = CacheControl.parse(value);
        Directive known = Directive.named(directive);
        boolean present = known == null ? cc.hasExtension(directive) : cc.has(known);
        String argument = known == null ? cc.extension(directive) : cc.argument(known);
        switch (expected) {
            case "ABSENT" -> assertThat(present).isFalse();
            case "NULL" -> {
                assertThat(present).isTrue();
                assertThat(argument).isNull();
            }
            default -> {
                assertThat(present).isTrue();
                assertThat(argument).isEqualTo(expected);
            }
        }
    }

    @ParameterizedTest(name = "1.2.2: max-age in ''{0}'' is {1} seconds")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "max-age=0                     | 0",
        "max-age=60                    | 60",
        "max-age=\"60\"                | 60",
        "max-age=007                   | 7",
        "max-age=2147483647            | 2147483647",
        "max-age=2147483648            | 2147483648",
        "max-age=2147483649            | 2147483648",
        "max-age=99999999999999999999999999 | 2147483648",
        "max-age=-1                    | -1",
        "max-age=abc                   | -1",
        "max-age=1.5                   | -1",
        "max-age=60s                   | -1",
        "max-age=                      | -1",
        "max-age                       | -1",
        "max-age=\"\"                  | -1",
        "max-age=+60                   | -1",
    })
    void deltaSecondsAreNonNegativeIntegersCappedAt2To31(String value, long expected) {
        assertThat(CacheControl.parse(value).seconds(Directive.MAX_AGE)).hasValue(expected);
    }

    @Test
    void invalidMarkerAndCapAreTheDocumentedConstants() {
        assertThat(CacheControl.INVALID).isEqualTo(-1);
        assertThat(CacheControl.MAX_DELTA_SECONDS).isEqualTo(1L << 31);
    }

    @Test
    void absentDirective_hasNoSeconds() {
        assertThat(CacheControl.parse("public").seconds(Directive.MAX_AGE)).isEqualTo(OptionalLong.empty());
    }

    @ParameterizedTest(name = "5.2: ''{0}'' has no directives")
    @NullAndEmptySource
    @ValueSource(strings = {"   ", ",", " , , "})
    void blankFieldHasNoDirectives(String value) {
        CacheControl cc = CacheControl.parse(value);
        assertThat(cc.isEmpty()).isTrue();
        assertThat(cc.isValid()).isTrue();
    }

    @Test
    void asMap_keepsOrderAndLowerCasedNames() {
        CacheControl cc = CacheControl.parse("Public, Max-Age=60, no-cache=\"Set-Cookie\"");
        assertThat(cc.asMap()).containsExactly(
                entry("public", null),
                entry("max-age", "60"),
                entry("no-cache", "Set-Cookie"));
    }

    private static java.util.Map.Entry<String, String> entry(String key, String value) {
        return new java.util.AbstractMap.SimpleImmutableEntry<>(key, value);
    }
}
