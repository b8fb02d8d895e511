package dev.geocdn.origin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConditionalsTest {

    private static final String OLD = "Sun, 06 Nov 1994 08:49:37 GMT";
    private static final String NEW = "Mon, 07 Nov 1994 08:49:37 GMT";

    @Test
    void ifNoneMatch_matchesWeaklyAndByStar() {
        assertThat(Conditionals.notModified("\"a\"", null, "\"a\"", null)).isTrue();
        assertThat(Conditionals.notModified("W/\"a\"", null, "\"a\"", null)).isTrue();
        assertThat(Conditionals.notModified("\"a\"", null, "W/\"a\"", null)).isTrue();
        assertThat(Conditionals.notModified("*", null, "\"a\"", null)).isTrue();
        assertThat(Conditionals.notModified("\"b\"", null, "\"a\"", null)).isFalse();
    }

    @Test
    void ifNoneMatch_withoutAnEtag_neverMatches_andHidesIfModifiedSince() {
        assertThat(Conditionals.notModified("*", null, null, null)).isFalse();
        assertThat(Conditionals.notModified("\"x\"", NEW, null, OLD)).isFalse();
    }

    @Test
    void ifModifiedSince_comparesDates() {
        assertThat(Conditionals.notModified(null, NEW, null, OLD)).isTrue();
        assertThat(Conditionals.notModified(null, OLD, null, OLD)).isTrue();
        assertThat(Conditionals.notModified(null, OLD, null, NEW)).isFalse();
        assertThat(Conditionals.notModified(null, "yesterday", null, OLD)).isFalse();
    }

    @Test
    void entityTagLists_areSplitOutsideQuotes() {
        assertThat(Conditionals.parseList("\"a\", W/\"b,c\",\"d\" , *")).containsExactly("\"a\"", "W/\"b,c\"", "\"d\"", "*");
    }

    @Test
    void etagControl_isQuotedUnlessAlreadyAnEntityTag() {
        assertThat(Conditionals.normalizeEtag("abc")).isEqualTo("\"abc\"");
        assertThat(Conditionals.normalizeEtag("\"abc\"")).isEqualTo("\"abc\"");
        assertThat(Conditionals.normalizeEtag("W/abc")).isEqualTo("W/\"abc\"");
        assertThat(Conditionals.normalizeEtag("W/\"abc\"")).isEqualTo("W/\"abc\"");
    }

    @Test
    void ifRange_needsAStrongEtagMatch_orTheExactDate() {
        assertThat(Conditionals.ifRangeAllows(null, null, null)).isTrue();
        assertThat(Conditionals.ifRangeAllows("\"a\"", "\"a\"", null)).isTrue();
        assertThat(Conditionals.ifRangeAllows("\"a\"", "W/\"a\"", null)).isFalse();
        assertThat(Conditionals.ifRangeAllows("W/\"a\"", "W/\"a\"", null)).isFalse();
        assertThat(Conditionals.ifRangeAllows(OLD, null, OLD)).isTrue();
        assertThat(Conditionals.ifRangeAllows(OLD, null, NEW)).isFalse();
    }
}
