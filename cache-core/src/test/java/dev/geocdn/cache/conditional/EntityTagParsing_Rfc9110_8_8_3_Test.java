package dev.geocdn.cache.conditional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;

@DisplayName("RFC 9110 8.8.3: an entity-tag is an optionally weak quoted opaque string")
class EntityTagParsing_Rfc9110_8_8_3_Test {

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of("a quoted string is a strong tag", "\"xyzzy\"", false, "xyzzy"),
                Arguments.of("the W/ prefix makes a weak tag", "W/\"xyzzy\"", true, "xyzzy"),
                Arguments.of("an empty opaque tag is allowed", "\"\"", false, ""),
                Arguments.of("an empty weak opaque tag is allowed", "W/\"\"", true, ""),
                Arguments.of("surrounding whitespace is ignored", "  \"a\"\t", false, "a"),
                Arguments.of("every visible character but DQUOTE is etagc", "\"!#$%&'()*+,-./:;<=>?@[\\]^_`{|}~\"", false,
                        "!#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"),
                Arguments.of("obs-text is etagc", "\"caf\u00e9\"", false, "caf\u00e9"),
                Arguments.of("a tag may look like a weak one inside the quotes", "\"W/x\"", false, "W/x"));
    }

    @ParameterizedTest(name = "RFC 9110 8.8.3: {0} [{1}]")
    @MethodSource("valid")
    void validEntityTagsParse(String rule, String value, boolean weak, String opaque) {
        assertThat(EntityTag.parse(value)).contains(new EntityTag(weak, opaque));
    }

    @ParameterizedTest(name = "RFC 9110 8.8.3: {0} formats back to {1}")
    @MethodSource("valid")
    void parsedTagsFormatBackToAFieldValue(String rule, String value, boolean weak, String opaque) {
        assertThat(EntityTag.parse(value).orElseThrow().toString()).isEqualTo(value.strip());
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("an unquoted tag is malformed", "xyzzy"),
                Arguments.of("an unterminated tag is malformed", "\"xyzzy"),
                Arguments.of("a tag without an opening quote is malformed", "xyzzy\""),
                Arguments.of("the weak prefix is case-sensitive", "w/\"xyzzy\""),
                Arguments.of("whitespace after the weak prefix is malformed", "W/ \"xyzzy\""),
                Arguments.of("a weak prefix without a quoted tag is malformed", "W/xyzzy"),
                Arguments.of("a lone weak prefix is malformed", "W/"),
                Arguments.of("a space inside the quotes is not etagc", "\"a b\""),
                Arguments.of("a control character inside the quotes is not etagc", "\"a\u0001b\""),
                Arguments.of("a character above obs-text is not etagc", "\"\u0100\""),
                Arguments.of("text after the closing quote is malformed", "\"a\"b"),
                Arguments.of("two tags are not one", "\"a\" \"b\""),
                Arguments.of("a list is not one tag", "\"a\", \"b\""),
                Arguments.of("the wildcard is not an entity-tag", "*"),
                Arguments.of("an empty value is not an entity-tag", ""),
                Arguments.of("a lone quote is not an entity-tag", "\""));
    }

    @ParameterizedTest(name = "RFC 9110 8.8.3: {0} [{1}]")
    @MethodSource("invalid")
    void malformedEntityTagsAreRejected(String rule, String value) {
        assertThat(EntityTag.parse(value)).isEmpty();
    }

    @ParameterizedTest(name = "RFC 9110 8.8.3: a missing field has no entity-tag")
    @NullSource
    void nullHasNoEntityTag(String value) {
        assertThat(EntityTag.parse(value)).isEmpty();
    }

    static Stream<Arguments> unrepresentable() {
        return Stream.of(
                Arguments.of("a double quote", "a\"b"),
                Arguments.of("a space", "a b"),
                Arguments.of("a line feed", "a\nb"));
    }

    @ParameterizedTest(name = "RFC 9110 8.8.3: an opaque tag containing {0} cannot be constructed")
    @MethodSource("unrepresentable")
    void constructorRejectsCharactersOutsideEtagc(String rule, String opaque) {
        assertThatIllegalArgumentException().isThrownBy(() -> EntityTag.strong(opaque));
    }
}
