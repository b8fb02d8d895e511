package dev.geocdn.cache.purge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Purge index: keys in order and by tag, following the values stored for them")
class PurgeIndex_Test {

    private final PurgeIndex<Object> index = new PurgeIndex<>();
    private final Object v1 = new Object();
    private final Object v2 = new Object();

    @ParameterizedTest(name = "prefix ''{0}'' reaches {1}")
    @CsvSource(delimiter = '|', value = {
        "https://a.example/img/  | https://a.example/img/1.png https://a.example/img/2.png https://a.example/img/sub/3.png",
        "https://a.example/img   | https://a.example/img/1.png https://a.example/img/2.png https://a.example/img/sub/3.png https://a.example/imgs/4.png",
        "https://a.example/img/s | https://a.example/img/sub/3.png",
        "https://a.example/      | https://a.example/ https://a.example/img/1.png https://a.example/img/2.png https://a.example/img/sub/3.png https://a.example/imgs/4.png",
        "https://b.example/      | ",
        "https://a.example/x     | ",
    })
    void keysWithPrefix_areExactlyTheKeysUnderIt_inOrder(String prefix, String expected) {
        for (String key : List.of("https://a.example/img/2.png", "https://a.example/img/1.png",
                "https://a.example/imgs/4.png", "https://a.example/img/sub/3.png", "https://a.example/",
                "https://c.example/img/1.png")) {
            index.put(key, new Object(), Set.of());
        }

        assertThat(index.keysWithPrefix(prefix))
                .containsExactlyElementsOf(expected == null ? List.of() : List.of(expected.split(" ")));
    }

    @Test
    void keysWithTag_areTheKeysWhoseValueCarriesIt() {
        index.put("k1", v1, Set.of("a", "b"));
        index.put("k2", v2, Set.of("b"));

        assertThat(index.keysWithTag("a")).containsExactly("k1");
        assertThat(index.keysWithTag("b")).containsExactlyInAnyOrder("k1", "k2");
        assertThat(index.keysWithTag("c")).isEmpty();
    }

    @Test
    void replacingAValue_withOtherTags_movesTheKeyBetweenTags() {
        index.put("k", v1, Set.of("a", "b"));
        index.put("k", v2, Set.of("b", "c"));

        assertThat(index.keysWithTag("a")).isEmpty();
        assertThat(index.keysWithTag("b")).containsExactly("k");
        assertThat(index.keysWithTag("c")).containsExactly("k");
        assertThat(index.tagsOf("k")).containsExactlyInAnyOrder("b", "c");
        assertThat(index.tagSnapshot()).containsOnlyKeys("b", "c");
        assertThat(index.orderedKeys()).containsExactly("k");
    }

    @Test
    void removingTheIndexedValue_forgetsTheKeyEverywhere() {
        index.put("k", v1, Set.of("a"));

        index.remove("k", v1);

        assertThat(index.contains("k")).isFalse();
        assertThat(index.keysWithTag("a")).isEmpty();
        assertThat(index.tagSnapshot()).isEmpty();
        assertThat(index.keysWithPrefix("k")).isEmpty();
        assertThat(index.size()).isZero();
    }

    @Test
    void removingAValueThatWasReplaced_changesNothing() {
        index.put("k", v1, Set.of("a"));
        index.put("k", v2, Set.of("a"));

        index.remove("k", v1); // the store reports the replaced value after the write that replaced it

        assertThat(index.contains("k")).isTrue();
        assertThat(index.keysWithTag("a")).containsExactly("k");
        assertThat(index.snapshot()).isEqualTo(Map.of("k", Set.of("a")));
    }

    @Test
    void tagEntryBytes_chargesEachTagAndItsCharacters() {
        assertThat(PurgeIndex.tagEntryBytes(Set.of())).isZero();
        assertThat(PurgeIndex.tagEntryBytes(Set.of("abc", "de")))
                .isEqualTo(2L * PurgeIndex.TAG_ENTRY_BYTES + 2 * 5);
    }
}
