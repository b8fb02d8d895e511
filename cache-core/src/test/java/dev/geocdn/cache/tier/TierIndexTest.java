package dev.geocdn.cache.tier;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TierIndexTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "http://h/a/b.png?x=1/2 | http://h/;http://h/a/",
            "http://h/a/b/ | http://h/;http://h/a/;http://h/a/b/",
            "https://h:8443/index.html | https://h:8443/",
            "http://h/ | http://h/",
            "http://h | ''"})
    void aUrlIsListedUnderEachOfItsDirectories(String url, String expected) {
        List<String> want = expected.isEmpty() ? List.of() : Arrays.asList(expected.split(";"));
        assertThat(TierIndex.directories(url)).containsExactlyElementsOf(want);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "http://h/a/ | http://h/a/",
            "http://h/a/b | http://h/a/",
            "http://h/a/b.png?x=1/2 | http://h/a/",
            "http://h/ | http://h/",
            "http://h | http://h/"})
    void aPrefixIsFoundUnderItsOwnDirectory_whichListsEveryUrlItCovers(String prefix, String directory) {
        assertThat(TierIndex.directoryOf(prefix)).isEqualTo(directory);
        String covered = (prefix.matches("[a-z]+://[^/]+") ? prefix + "/" : prefix) + "zz/deeper.png";
        assertThat(TierIndex.directories(covered)).contains(directory);
    }

    @ParameterizedTest
    @CsvSource({"http://", "h/a/"})
    void aPrefixWithoutAnAuthority_hasNoDirectory(String prefix) {
        assertThat(TierIndex.directoryOf(prefix)).isNull();
    }
}
