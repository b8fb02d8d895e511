package dev.geocdn.cache.conditional;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("RFC 9110 13.1.1 / 13.1.2: If-Match and If-None-Match hold \"*\" or a list of entity-tags")
class EntityTagListParsing_Rfc9110_13_1_1_Test {

    private static final EntityTag A = EntityTag.strong("a");
    private static final EntityTag WEAK_B = EntityTag.weak("b");

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of("a wildcard alone is \"*\"", "*", EntityTagList.ANY),
                Arguments.of("a wildcard with whitespace is \"*\"", " * ", EntityTagList.ANY),
                Arguments.of("one tag is a list of one", "\"a\"", list(A)),
                Arguments.of("tags are comma separated", "\"a\", W/\"b\"", list(A, WEAK_B)),
                Arguments.of("whitespace around commas is optional", "\"a\",W/\"b\"", list(A, WEAK_B)),
                Arguments.of("tabs are optional whitespace", "\"a\"\t,\tW/\"b\"", list(A, WEAK_B)),
                Arguments.of("empty list elements are ignored (5.6.1.2)", ", ,\"a\", ,W/\"b\",,", list(A, WEAK_B)),
                Arguments.of("commas inside a tag do not split it", "\"a,b\", \"c\"",
                        list(EntityTag.strong("a,b"), EntityTag.strong("c"))),
                Arguments.of("an empty value is an empty list (#entity-tag)", "", list()),
                Arguments.of("only commas is an empty list", " , , ", list()),
                Arguments.of("repeated tags are kept as sent", "\"a\", \"a\"", list(A, A)));
    }

    @ParameterizedTest(name = "RFC 9110 13.1.1: {0} [{1}]")
    @MethodSource("valid")
    void validListsParse(String rule, String value, EntityTagList expected) {
        assertThat(EntityTag.parseList(value)).contains(expected);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("a wildcard cannot be combined with tags", "*, \"a\""),
                Arguments.of("a tag cannot be combined with a wildcard", "\"a\", *"),
                Arguments.of("two wildcards are not one", "**"),
                Arguments.of("a weak wildcard does not exist", "W/*"),
                Arguments.of("tags need a comma between them", "\"a\" \"b\""),
                Arguments.of("an unquoted element is malformed", "\"a\", b"),
                Arguments.of("an unterminated tag is malformed", "\"a\", \"b"),
                Arguments.of("a lower-case weak prefix is malformed", "w/\"a\""),
                Arguments.of("a semicolon is not a list separator", "\"a\"; \"b\""));
    }

    @ParameterizedTest(name = "RFC 9110 13.1.1: {0} [{1}]")
    @MethodSource("invalid")
    void malformedListsAreRejectedWhole(String rule, String value) {
        assertThat(EntityTag.parseList(value)).isEmpty();
    }

    private static EntityTagList list(EntityTag... tags) {
        return new EntityTagList(false, List.of(tags));
    }
}
