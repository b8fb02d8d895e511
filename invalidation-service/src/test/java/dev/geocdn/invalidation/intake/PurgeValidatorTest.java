package dev.geocdn.invalidation.intake;

import dev.geocdn.invalidation.purge.Consistency;
import dev.geocdn.invalidation.purge.PurgeOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PurgeValidatorTest {

    private final PurgeValidator validator = new PurgeValidator(5, 64, Duration.ofSeconds(30));

    private static PurgeRequest urls(String... urls) {
        return new PurgeRequest(Arrays.asList(urls), null, null, null, null, null);
    }

    @Test
    void defaults_areEventualAndHard() {
        PurgeOrder order = validator.validate(urls("https://cdn.example.com/a"));

        assertThat(order.consistency()).isEqualTo(Consistency.EVENTUAL);
        assertThat(order.soft()).isFalse();
        assertThat(order.timeout()).isEmpty();
        assertThat(order.requested()).isEqualTo(1);
    }

    @Test
    void strongWithATimeout_isKept() {
        PurgeOrder order = validator.validate(new PurgeRequest(null, null, List.of("k"), true, "strong", 1500L));

        assertThat(order.consistency()).isEqualTo(Consistency.STRONG);
        assertThat(order.soft()).isTrue();
        assertThat(order.timeout()).contains(Duration.ofMillis(1500));
    }

    /** RFC 3986 §6.2.2.1 (case) and §6.2.3 (default port, empty path); path and query kept as sent. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            HTTPS://CDN.Example.COM/Img/A.png        | https://cdn.example.com/Img/A.png
            https://cdn.example.com:443/a            | https://cdn.example.com/a
            http://cdn.example.com:80/a              | http://cdn.example.com/a
            https://cdn.example.com:8443/a           | https://cdn.example.com:8443/a
            https://cdn.example.com                  | https://cdn.example.com/
            https://cdn.example.com?x=1              | https://cdn.example.com/?x=1
            https://cdn.example.com/a%2Fb?q=A%20B    | https://cdn.example.com/a%2Fb?q=A%20B
            http://[::1]:8080/a                      | http://[::1]:8080/a
            """)
    void urls_areNormalizedAsRfc3986Allows(String given, String normalized) {
        assertThat(validator.url("urls[0]", given)).isEqualTo(normalized);
    }

    @Test
    void duplicates_afterNormalization_areDropped() {
        PurgeOrder order = validator.validate(new PurgeRequest(List.of("https://cdn.example.com/a",
                "HTTPS://cdn.example.com:443/a"), null, List.of("k", "k"), null, null, null));

        assertThat(order.urls()).containsExactly("https://cdn.example.com/a");
        assertThat(order.surrogateKeys()).containsExactly("k");
        assertThat(order.requested()).isEqualTo(4);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            relativeUrl_isRefused          | /img/a.png                         | urls[0] must be an absolute http or https URL
            otherScheme_isRefused          | ftp://cdn.example.com/a            | urls[0] must be an absolute http or https URL
            opaqueUrl_isRefused            | mailto:ops@example.com             | urls[0] must be an absolute http or https URL
            noHost_isRefused               | https:///a                         | urls[0] has no valid host
            fragment_isRefused             | https://cdn.example.com/a#top      | must not have a fragment
            userInfo_isRefused             | https://me@cdn.example.com/a       | must not carry user info
            spaces_areNotAUrl              | https://cdn.example.com/a b        | urls[0] is not a valid URL
            tooLong_isRefused              | https://cdn.example.com/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa | urls[0] is 73 characters long; at most 64
            """)
    void badUrls_areRefused_namingTheField(String name, String url, String message) {
        assertThatThrownBy(() -> validator.validate(urls(url)))
                .isInstanceOfSatisfying(IntakeException.class, e -> {
                    assertThat(e.kind()).isEqualTo(IntakeException.Kind.BAD_REQUEST);
                    assertThat(e.getMessage()).contains(message);
                });
    }

    @Test
    void aBadPrefix_isNamedAsAPrefix() {
        assertThatThrownBy(() -> validator.validate(new PurgeRequest(null,
                List.of("https://cdn.example.com/", "img/"), null, null, null, null)))
                .hasMessageContaining("prefixes[1] must be an absolute http or https URL");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            blank_isRefused          | '  '            | surrogateKeys[0] must be a non-blank key
            space_isRefused          | 'a b'           | must not contain whitespace
            tab_isRefused            | 'a\tb'          | must not contain whitespace
            """)
    void badSurrogateKeys_areRefused(String name, String key, String message) {
        String unescaped = key.replace("\\t", "\t");
        assertThatThrownBy(() -> validator.validate(new PurgeRequest(null, null, List.of(unescaped), null, null, null)))
                .hasMessageContaining(message);
    }

    @Test
    void aSurrogateKeyOfMoreThan256Characters_isRefused() {
        assertThatThrownBy(() -> validator.validate(new PurgeRequest(null, null, List.of("k".repeat(257)), null, null, null)))
                .hasMessageContaining("257 characters long; at most 256");
        assertThat(validator.validate(new PurgeRequest(null, null, List.of("k".repeat(256)), null, null, null))
                .surrogateKeys()).hasSize(1);
    }

    @Test
    void nullElements_areRefused() {
        assertThatThrownBy(() -> validator.validate(urls((String) null))).hasMessageContaining("urls[0] must be a URL, not null");
        assertThatThrownBy(() -> validator.validate(new PurgeRequest(null, null, Arrays.asList("a", null), null, null, null)))
                .hasMessageContaining("surrogateKeys[1] must be a non-blank key");
    }

    @Test
    void noTarget_isRefused() {
        assertThatThrownBy(() -> validator.validate(new PurgeRequest(List.of(), null, null, true, "strong", null)))
                .isInstanceOfSatisfying(IntakeException.class, e -> assertThat(e.kind()).isEqualTo(IntakeException.Kind.BAD_REQUEST))
                .hasMessageContaining("at least one target");
    }

    @Test
    void tooManyTargets_isA413_sayingToSplit() {
        List<String> keys = IntStream.range(0, 6).mapToObj(i -> "k" + i).toList();

        assertThatThrownBy(() -> validator.validate(new PurgeRequest(null, null, keys, null, null, null)))
                .isInstanceOfSatisfying(IntakeException.class, e -> assertThat(e.kind()).isEqualTo(IntakeException.Kind.TOO_LARGE))
                .hasMessageContaining("at most 5").hasMessageContaining("names 6: split it");
    }

    @Test
    void anUnknownConsistency_isRefused_namingTheChoices() {
        assertThatThrownBy(() -> validator.validate(new PurgeRequest(null, null, List.of("k"), null, "STRONG", null)))
                .hasMessageContaining("consistency must be 'eventual' or 'strong', got 'STRONG'");
    }

    @Test
    void aTimeoutOutsideTheAllowedRange_isRefused() {
        assertThatThrownBy(() -> validator.validate(new PurgeRequest(null, null, List.of("k"), null, "strong", 30_001L)))
                .hasMessageContaining("timeoutMs must be between 1 and 30000");
        assertThatThrownBy(() -> validator.validate(new PurgeRequest(null, null, List.of("k"), null, "strong", 0L)))
                .hasMessageContaining("timeoutMs must be between 1 and 30000");
    }
}
