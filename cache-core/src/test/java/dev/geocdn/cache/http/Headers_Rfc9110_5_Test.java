package dev.geocdn.cache.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("RFC 9110 5: field names are case-insensitive, list fields combine with commas")
class Headers_Rfc9110_5_Test {

    private final Headers headers = Headers.of("Accept", "text/html", "accept", "image/*", "X-One", "  padded \t");

    @ParameterizedTest(name = "5.1: ''{0}'' finds Accept")
    @ValueSource(strings = {"Accept", "accept", "ACCEPT", "aCcEpT"})
    void namesAreCaseInsensitive(String name) {
        assertThat(headers.get(name)).isEqualTo("text/html");
        assertThat(headers.values(name)).containsExactly("text/html", "image/*");
        assertThat(headers.contains(name)).isTrue();
    }

    @Test
    void joined_combinesLinesWithCommaSpace_rfc9110_5_3() {
        assertThat(headers.joined("Accept")).isEqualTo("text/html, image/*");
        assertThat(headers.joined("Missing")).isNull();
    }

    @Test
    void valueWhitespace_isStripped_rfc9110_5_5() {
        assertThat(headers.get("x-one")).isEqualTo("padded");
    }

    @Test
    void absentField_isNullAndEmpty() {
        assertThat(headers.get("Nope")).isNull();
        assertThat(headers.values("Nope")).isEmpty();
        assertThat(headers.contains("Nope")).isFalse();
    }

    @Test
    void builderSet_replacesEveryLineOfTheName() {
        Headers replaced = headers.newBuilder().set("ACCEPT", "*/*").build();
        assertThat(replaced.values("accept")).containsExactly("*/*");
        assertThat(replaced.size()).isEqualTo(2);
        assertThat(headers.values("accept")).hasSize(2); // the original is immutable
    }

    @Test
    void builderRemoveAll_removesAdjacentLines() {
        Headers h = Headers.of("A", "1", "a", "2", "B", "3", "A", "4").newBuilder().removeAll("a").build();
        assertThat(h).isEqualTo(Headers.of("B", "3"));
    }

    @Test
    void oddNumberOfArguments_isRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> Headers.of("A"));
    }

    @Test
    void byteSize_countsNamesValuesAndSeparators() {
        assertThat(Headers.of("Ab", "cde").byteSize()).isEqualTo(2 + 2 + 3 + 2);
        assertThat(Headers.EMPTY.byteSize()).isZero();
    }
}
