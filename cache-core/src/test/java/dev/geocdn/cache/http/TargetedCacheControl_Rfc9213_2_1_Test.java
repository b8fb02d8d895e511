package dev.geocdn.cache.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("RFC 9213 2.1: targeted fields are parsed strictly as an RFC 8941 Dictionary")
class TargetedCacheControl_Rfc9213_2_1_Test {

    @ParameterizedTest(name = "RFC 8941 3.2: ''{0}'' is a valid Dictionary")
    @ValueSource(strings = {
        "max-age=60",
        "no-store",
        "max-age=60, no-store",
        "max-age=60,stale-while-revalidate=30",
        "max-age=60 ,  public",
        "private=\"a, b\"",
        "x=\"a\\\"b\\\\c\"",
        "x=?1",
        "x=?0",
        "x=token",
        "x=*tok",
        "x=a:b/c",
        "*star=1",
        "x_y.z-1=2",
        "max-age=-1",
        "max-age=1.5",
        "max-age=123456789012345",
        "max-age=-123456789012345",
        "x=:cHJldGVuZCB0aGlzIGlzIGJpbmFyeQ==:",
        "max-age=60;ext",
        "no-store;ext=1, max-age=60",
        "max-age=60; a=1;b=?0;c=\"s\";d=tok",
        "x=(a b \"c\")",
        "x=();p=1",
    })
    void validDictionary(String value) {
        assertThat(CacheControl.parseTargeted(value).isValid()).isTrue();
    }

    @ParameterizedTest(name = "RFC 8941 3.2: ''{0}'' is not a Dictionary, so the field is ignored")
    @NullAndEmptySource
    @ValueSource(strings = {
        "   ",
        "Max-Age=60",
        "1max=60",
        "max-age = 60",
        "max-age =60",
        "max-age= 60",
        "max-age=60 junk",
        "max-age=\"60",
        "max-age=6a0",
        "max-age=60,",
        "max-age=60,,public",
        ", max-age=60",
        "max-age=1234567890123456",
        "x=-",
        "x=1.2345",
        "x=@",
        "x=\"a\\qb\"",
        "x=?2",
        "max-age=60;",
        "max-age=60;A=1",
        "x=(a b",
        "max-age=60; public,",
    })
    void invalidDictionary(String value) {
        assertThat(CacheControl.parseTargeted(value).isValid()).isFalse();
    }

    @ParameterizedTest(name = "RFC 9213 2.1: in ''{0}'' {1} is {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "max-age=60, no-store                  | max-age                | 60",
        "no-store, max-age=60;ext=1            | max-age                | 60",
        "private=\"Set-Cookie, X\", max-age=5   | private                | Set-Cookie, X",
        "x=\"a\\\"b\\\\c\"                      | x                      | a\"b\\c",
        "stale-while-revalidate=30, max-age=1  | stale-while-revalidate | 30",
    })
    void membersCarryTheirValues(String value, String directive, String expected) {
        CacheControl cc = CacheControl.parseTargeted(value);
        Directive known = Directive.named(directive);
        assertThat(known == null ? cc.extension(directive) : cc.argument(known)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "RFC 9213 2.1: in ''{0}'' the wrong-typed {1} is ignored, the rest kept")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "max-age=\"60\", s-maxage=30                 | max-age",
        "max-age=sixty, s-maxage=30                  | max-age",
        "max-age=1.5, s-maxage=30                    | max-age",
        "max-age=?1, s-maxage=30                     | max-age",
        "max-age=(1 2), s-maxage=30                  | max-age",
        "stale-while-revalidate=\"30\", s-maxage=30  | stale-while-revalidate",
        "stale-if-error=tok, s-maxage=30             | stale-if-error",
        "no-store=?0, s-maxage=30                    | no-store",
        "no-store=1, s-maxage=30                     | no-store",
        "no-store=\"yes\", s-maxage=30               | no-store",
        "must-revalidate=?0, s-maxage=30             | must-revalidate",
        "private=1, s-maxage=30                      | private",
        "no-cache=:AAA=:, s-maxage=30                | no-cache",
    })
    void aMemberOfTheWrongType_isIgnored(String value, String directive) {
        CacheControl cc = CacheControl.parseTargeted(value);

        assertThat(cc.isValid()).isTrue();
        assertThat(cc.has(Directive.named(directive))).isFalse();
        assertThat(cc.seconds(Directive.S_MAXAGE)).hasValue(30);
    }

    @Test
    void fieldNameLists_mayBeAStringOrAnInnerList() {
        assertThat(CacheControl.parseTargeted("private=(\"Set-Cookie\" x-token)").argument(Directive.PRIVATE))
                .isEqualTo("Set-Cookie, x-token");
        assertThat(CacheControl.parseTargeted("no-cache=\"Set-Cookie\"").argument(Directive.NO_CACHE))
                .isEqualTo("Set-Cookie");
        assertThat(CacheControl.parseTargeted("no-cache").has(Directive.NO_CACHE)).isTrue();
    }

    @Test
    void booleanMember_isPresentWithoutArgument() {
        CacheControl cc = CacheControl.parseTargeted("no-store, max-age=60");
        assertThat(cc.has(Directive.NO_STORE)).isTrue();
        assertThat(cc.argument(Directive.NO_STORE)).isNull();
        assertThat(cc.seconds(Directive.MAX_AGE)).hasValue(60);
    }

    @Test
    void duplicateKeys_lastWinsAsRfc8941Says() {
        assertThat(CacheControl.parseTargeted("max-age=60, max-age=10").seconds(Directive.MAX_AGE)).hasValue(10);
    }

    @Test
    void negativeInteger_isValidSyntaxButInvalidDeltaSeconds() {
        CacheControl cc = CacheControl.parseTargeted("max-age=-5");
        assertThat(cc.isValid()).isTrue();
        assertThat(cc.seconds(Directive.MAX_AGE)).hasValue(CacheControl.INVALID);
    }

    @Test
    void hugeInteger_isCappedAt2To31() {
        assertThat(CacheControl.parseTargeted("max-age=999999999999999").seconds(Directive.MAX_AGE))
                .hasValue(CacheControl.MAX_DELTA_SECONDS);
    }
}
