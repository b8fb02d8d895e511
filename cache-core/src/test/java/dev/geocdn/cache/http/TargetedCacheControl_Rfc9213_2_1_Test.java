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
        assertThat(CacheControl.parseTargeted(value).argument(directive)).isEqualTo(expected);
    }

    @Test
    void booleanMember_isPresentWithoutArgument() {
        CacheControl cc = CacheControl.parseTargeted("no-store, max-age=60");
        assertThat(cc.has("no-store")).isTrue();
        assertThat(cc.argument("no-store")).isNull();
        assertThat(cc.seconds("max-age")).hasValue(60);
    }

    @Test
    void duplicateKeys_lastWinsAsRfc8941Says() {
        assertThat(CacheControl.parseTargeted("max-age=60, max-age=10").seconds("max-age")).hasValue(10);
    }

    @Test
    void negativeInteger_isValidSyntaxButInvalidDeltaSeconds() {
        CacheControl cc = CacheControl.parseTargeted("max-age=-5");
        assertThat(cc.isValid()).isTrue();
        assertThat(cc.seconds("max-age")).hasValue(CacheControl.INVALID);
    }

    @Test
    void hugeInteger_isCappedAt2To31() {
        assertThat(CacheControl.parseTargeted("max-age=999999999999999").seconds("max-age"))
                .hasValue(CacheControl.MAX_DELTA_SECONDS);
    }
}
