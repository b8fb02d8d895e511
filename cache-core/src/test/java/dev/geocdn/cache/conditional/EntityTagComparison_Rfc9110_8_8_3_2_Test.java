package dev.geocdn.cache.conditional;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("RFC 9110 8.8.3.2: strong and weak comparison of entity-tags")
class EntityTagComparison_Rfc9110_8_8_3_2_Test {

    @ParameterizedTest(name = "RFC 9110 8.8.3.2: {0} and {1} match strongly: {2}, weakly: {3}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
        W/"1"  | W/"1"  | false | true
        W/"1"  | W/"2"  | false | false
        W/"1"  | "1"    | false | true
        "1"    | W/"1"  | false | true
        "1"    | "1"    | true  | true
        "1"    | "2"    | false | false
        "a"    | "A"    | false | false
        ""     | ""     | true  | true
        """)
    void theRfcComparisonTableHolds(String left, String right, boolean strong, boolean weak) {
        EntityTag a = EntityTag.parse(left).orElseThrow();
        EntityTag b = EntityTag.parse(right).orElseThrow();

        assertThat(a.strongMatch(b)).isEqualTo(strong);
        assertThat(a.weakMatch(b)).isEqualTo(weak);
        assertThat(b.strongMatch(a)).as("strong comparison is symmetric").isEqualTo(strong);
        assertThat(b.weakMatch(a)).as("weak comparison is symmetric").isEqualTo(weak);
    }

    @ParameterizedTest(name = "RFC 9110 8.8.3.2: {0} matches nothing when there is no current tag")
    @CsvSource(delimiter = '|', textBlock = """
        "1"
        W/"1"
        """)
    void nothingMatchesAnAbsentTag(String value) {
        EntityTag tag = EntityTag.parse(value).orElseThrow();
        assertThat(tag.strongMatch(null)).isFalse();
        assertThat(tag.weakMatch(null)).isFalse();
    }

    @ParameterizedTest(name = "RFC 9110 13.1.1 / 13.1.2: list {0} against current {1}: strong {2}, weak {3}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
        *                  | "1"    | true  | true
        *                  | W/"1"  | true  | true
        "1"                | "1"    | true  | true
        "0", "1"           | "1"    | true  | true
        W/"1"              | "1"    | false | true
        "1"                | W/"1"  | false | true
        "0", W/"1"         | W/"1"  | false | true
        "0", "2"           | "1"    | false | false
        ''                 | "1"    | false | false
        """)
    void listsMatchWhenAnyTagMatches(String list, String current, boolean strong, boolean weak) {
        EntityTagList tags = EntityTag.parseList(list).orElseThrow();
        EntityTag tag = EntityTag.parse(current).orElseThrow();

        assertThat(tags.anyStrongMatch(tag)).isEqualTo(strong);
        assertThat(tags.anyWeakMatch(tag)).isEqualTo(weak);
    }
}
