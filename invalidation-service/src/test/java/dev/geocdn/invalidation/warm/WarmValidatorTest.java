package dev.geocdn.invalidation.warm;

import dev.geocdn.invalidation.intake.IntakeException;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WarmValidatorTest {

    private static final List<String> REGIONS = List.of("us-west", "eu-west");
    private final WarmValidator validator = new WarmValidator(3, 100);

    @Test
    void urlsAreNormalizedAndDeduplicated_andEveryRegionIsTheDefault() {
        WarmOrder order = validator.validate(new WarmRequest(List.of("HTTPS://CDN.example.com:443/a", "https://cdn.example.com/a",
                "http://cdn.example.com"), null, null), REGIONS);

        assertThat(order.urls()).containsExactly("https://cdn.example.com/a", "http://cdn.example.com/");
        assertThat(order.regions()).containsExactly("eu-west", "us-west");
        assertThat(order.sitemap()).isEmpty();
    }

    @Test
    void aSitemapAloneIsEnough_andRegionsAreKeptAsAsked() {
        WarmOrder order = validator.validate(new WarmRequest(null, "https://cdn.example.com/sitemap.xml",
                List.of("us-west")), REGIONS);

        assertThat(order.sitemap()).isEqualTo(Optional.of(URI.create("https://cdn.example.com/sitemap.xml")));
        assertThat(order.regions()).containsExactly("us-west");
    }

    @Test
    void refusals_sayWhatIsWrong() {
        assertRefused(new WarmRequest(List.of(), null, null), 400, "a warming job names urls, a sitemap, or both");
        assertRefused(new WarmRequest(List.of("/relative"), null, null), 400, "urls[0] must be an absolute http or https URL");
        assertRefused(new WarmRequest(null, "ftp://cdn.example.com/s.xml", null), 400, "sitemap must be an absolute");
        assertRefused(new WarmRequest(List.of("http://a/1", "http://a/2", "http://a/3", "http://a/4"), null, null), 413,
                "at most 3 URLs");
        assertRefused(new WarmRequest(List.of("http://a/1"), null, List.of("us-west", "mars")), 400,
                "regions[1] 'mars' is not a region of the CDN; the regions are [eu-west, us-west]");
        assertRefused(new WarmRequest(List.of("http://a/1"), null, Arrays.asList((String) null)), 400,
                "regions[0] 'null' is not a region");
        assertThatThrownBy(() -> validator.validate(new WarmRequest(List.of("http://a/1"), null, null), List.of()))
                .isInstanceOfSatisfying(IntakeException.class, e -> assertThat(e.kind().status()).isEqualTo(503));
    }

    private void assertRefused(WarmRequest request, int status, String message) {
        assertThatThrownBy(() -> validator.validate(request, REGIONS))
                .isInstanceOfSatisfying(IntakeException.class, e -> assertThat(e.kind().status()).isEqualTo(status))
                .hasMessageContaining(message);
    }
}
