package dev.geocdn.node.shield;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which parent region a request's fill asks: first matching rule, never the node's own region. */
class ShieldRoutesTest {

    private static final ShieldRoutes ROUTES = new ShieldRoutes(List.of(
            new ShieldProperties.Rule("/live/**", "", "us-west"),           // live video: nearest the encoder
            new ShieldProperties.Rule("/**", "static.example.com", "eu-west"),
            new ShieldProperties.Rule("/private/**", "", "us-east"),        // the node's own region: origin
            new ShieldProperties.Rule("/**", "", "us-east")), "eu-west");

    @ParameterizedTest(name = "{0}{1} -> {2}")
    @CsvSource(nullValues = "origin", value = {
            "www.example.com,    /live/seg1.ts?x=1,  us-west",
            "static.example.com, /live/seg1.ts,      us-west",
            "static.example.com, /img/a.png,         origin",   // its rule names eu-west, the node's own
            "www.example.com,    /img/a.png,         us-east",
            "www.example.com,    /,                  us-east"})
    void theFirstMatchingRuleNamesTheParent(String host, String path, String parent) {
        assertThat(ROUTES.parentOf(host, path)).isEqualTo(parent);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"/live/a", "/x"})
    void noRules_meanTheOrigin(String path) {
        assertThat(ShieldRoutes.NONE.parentOf("h", path)).isNull();
        assertThat(new ShieldRoutes(List.of(new ShieldProperties.Rule("/**", "", "here")), "here").parentOf("h", path))
                .isNull();
    }
}
