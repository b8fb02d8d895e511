package dev.geocdn.cache.freshness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Consistency per path: path patterns and the first matching rule")
class ConsistencyRulesTest {

    @ParameterizedTest(name = "''{0}'' matches ''{1}'': {2}")
    @CsvSource(delimiter = '|', value = {
        "/api/**          | /api/v1/users            | true",
        "/api/**          | /api/users               | true",
        "/api/**          | /api/                    | true",
        "/api/**          | /api                     | true",
        "/api/**          | /apis/users              | false",
        "/api/**          | /v2/api/users            | false",
        "/api/**          | /api/users?cc=max-age%3D1 | true",
        "/api/*           | /api/users               | true",
        "/api/*           | /api/users/1             | false",
        "/api/*           | /api                     | false",
        "/api/*/items     | /api/7/items             | true",
        "/api/*/items     | /api/7/8/items           | false",
        "/a/**/b          | /a/b                     | true",
        "/a/**/b          | /a/x/y/b                 | true",
        "/a/**/b          | /a/x/yb                  | false",
        "/**              | /                        | true",
        "/**              | /anything/at/all         | true",
        "/**.json         | /a/b/c.json              | true",
        "/**.json         | /a/b/c.jsonp             | false",
        "/*.css           | /site.css                | true",
        "/*.css           | /styles/site.css         | false",
        "/news/latest     | /news/latest             | true",
        "/news/latest     | /news/latest/            | false",
        "/news/latest     | /news/latest?page=2      | true",
        "/news/latest     | /News/latest             | false",
        "/v1.0/x          | /v1x0/x                  | false",
        "/a+b/(c)         | /a+b/(c)                 | true",
    })
    void globs(String glob, String pathAndQuery, boolean matches) {
        assertThat(PathPattern.compile(glob).matches(pathAndQuery)).isEqualTo(matches);
    }

    @ParameterizedTest(name = "''{0}'' is refused")
    @ValueSource(strings = {"api/**", "", "/api/***", "/api?x=1", "/a b", "/caf\u00e9"})
    void invalidGlobsAreRefused(String glob) {
        assertThatThrownBy(() -> PathPattern.compile(glob)).isInstanceOf(IllegalArgumentException.class);
    }

    private static final ConsistencyRules RULES = new ConsistencyRules(List.of(
            ConsistencyRules.Rule.of("/api/public/**", null, Consistency.Mode.EVENTUAL, null),
            ConsistencyRules.Rule.of("/api/**", null, Consistency.Mode.STRONG, null),
            ConsistencyRules.Rule.of("/news/**", "News.Example.com", Consistency.Mode.BOUNDED, Duration.ofSeconds(5)),
            ConsistencyRules.Rule.of("/**", "bounded.example.com", Consistency.Mode.BOUNDED, Duration.ofSeconds(60))));

    @ParameterizedTest(name = "{0}{1} is {2}")
    @CsvSource(delimiter = '|', value = {
        "www.example.com     | /api/orders/7         | strong",
        "www.example.com     | /api/orders/7?fresh=1 | strong",
        "www.example.com     | /api/public/logo.png  | eventual",
        "www.example.com     | /apis                 | eventual",
        "news.example.com    | /news/today           | bounded(PT5S)",
        "www.example.com     | /news/today           | eventual",
        "news.example.com    | /api/x                | strong",
        "bounded.example.com | /anything             | bounded(PT1M)",
        "bounded.example.com | /api/x                | strong",
        "www.example.com     | /                     | eventual",
    })
    void theFirstMatchingRuleWins_andNoMatchIsEventual(String host, String pathAndQuery, String expected) {
        assertThat(RULES.forRequest(host, pathAndQuery).toString()).isEqualTo(expected);
    }

    @Test
    void noRules_isEventualEverywhere() {
        assertThat(ConsistencyRules.NONE.forRequest("example.com", "/api/x")).isSameAs(Consistency.EVENTUAL);
    }

    @Test
    void aBlankHost_meansEveryHost() {
        ConsistencyRules rules = new ConsistencyRules(List.of(
                ConsistencyRules.Rule.of("/x", "  ", Consistency.Mode.STRONG, null)));
        assertThat(rules.forRequest("a.example", "/x")).isSameAs(Consistency.STRONG);
        assertThat(rules.rules().get(0).host()).isNull();
    }
}
