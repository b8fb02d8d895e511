package dev.geocdn.cache.purge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geocdn.cache.http.Headers;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Surrogate keys: the tags of a response, from Surrogate-Key and Cache-Tag")
class SurrogateKeys_Test {

    static Stream<Arguments> fields() {
        return Stream.of(
            Arguments.of("no tag fields", Headers.of("Cache-Control", "max-age=60"), List.of()),
            Arguments.of("Surrogate-Key splits on spaces", Headers.of("Surrogate-Key", "a b c"), List.of("a", "b", "c")),
            Arguments.of("runs of spaces and tabs are one separator",
                    Headers.of("Surrogate-Key", "a   b\t\tc"), List.of("a", "b", "c")),
            Arguments.of("a comma is part of a Surrogate-Key tag", Headers.of("Surrogate-Key", "a,b c"), List.of("a,b", "c")),
            Arguments.of("Cache-Tag splits on commas and trims", Headers.of("Cache-Tag", "a, b ,c"), List.of("a", "b", "c")),
            Arguments.of("a space is part of a Cache-Tag tag", Headers.of("Cache-Tag", "my tag, other"),
                    List.of("my tag", "other")),
            Arguments.of("empty items are ignored", Headers.of("Cache-Tag", ",a,, ,b,"), List.of("a", "b")),
            Arguments.of("an empty field has no tag", Headers.of("Surrogate-Key", ""), List.of()),
            Arguments.of("tags are case-sensitive", Headers.of("Surrogate-Key", "Product-1 product-1"),
                    List.of("Product-1", "product-1")),
            Arguments.of("duplicates are kept once, first seen first", Headers.of("Surrogate-Key", "b a b a"),
                    List.of("b", "a")),
            Arguments.of("several field lines add up",
                    Headers.of("Surrogate-Key", "a", "Surrogate-Key", "b c"), List.of("a", "b", "c")),
            Arguments.of("both fields add up, Surrogate-Key first",
                    Headers.of("Cache-Tag", "c,a", "Surrogate-Key", "a b"), List.of("a", "b", "c")),
            Arguments.of("field names are case-insensitive",
                    Headers.of("surrogate-key", "a", "CACHE-TAG", "b"), List.of("a", "b")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fields")
    void tags_areReadFromBothFields(String description, Headers headers, List<String> expected) {
        SurrogateKeys keys = SurrogateKeys.of(headers);

        assertThat(keys.tags()).containsExactlyElementsOf(expected);
        assertThat(keys.withinBounds()).isTrue();
        expected.forEach(tag -> assertThat(keys.contains(tag)).isTrue());
    }

    static Stream<Arguments> bounds() {
        return Stream.of(
            Arguments.of("exactly the most tags", Headers.of("Surrogate-Key", tags(SurrogateKeys.MAX_TAGS)), true),
            Arguments.of("one tag too many", Headers.of("Surrogate-Key", tags(SurrogateKeys.MAX_TAGS + 1)), false),
            Arguments.of("too many across both fields",
                    Headers.of("Surrogate-Key", tags(SurrogateKeys.MAX_TAGS), "Cache-Tag", "extra"), false),
            Arguments.of("duplicates do not count",
                    Headers.of("Surrogate-Key", tags(SurrogateKeys.MAX_TAGS) + " t0 t1 t2"), true),
            Arguments.of("a tag of the longest length",
                    Headers.of("Cache-Tag", "x".repeat(SurrogateKeys.MAX_TAG_LENGTH)), true),
            Arguments.of("a tag one character too long",
                    Headers.of("Cache-Tag", "ok, " + "x".repeat(SurrogateKeys.MAX_TAG_LENGTH + 1)), false));
    }

    @ParameterizedTest(name = "{0}: within bounds {2}")
    @MethodSource("bounds")
    void tagsBeyondTheBounds_makeTheResponseUnstorable_andSaySo(String description, Headers headers, boolean within) {
        SurrogateKeys keys = SurrogateKeys.of(headers);

        assertThat(keys.withinBounds()).isEqualTo(within);
        assertThat(keys.overflow() == null).isEqualTo(within);
        assertThat(keys.tags().size()).isLessThanOrEqualTo(SurrogateKeys.MAX_TAGS);
        assertThat(keys.tags()).allSatisfy(tag -> assertThat(tag.length()).isLessThanOrEqualTo(SurrogateKeys.MAX_TAG_LENGTH));
    }

    private static String tags(int n) {
        return IntStream.range(0, n).mapToObj(i -> "t" + i).collect(Collectors.joining(" "));
    }
}
