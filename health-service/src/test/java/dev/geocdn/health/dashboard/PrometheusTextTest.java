package dev.geocdn.health.dashboard;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The text exposition format, line by line, as Prometheus' own parser reads it. */
class PrometheusTextTest {

    static Stream<Arguments> samples() {
        return Stream.of(
                Arguments.of("geocdn_served_bytes_total 3952.0", "geocdn_served_bytes_total", Map.of(), 3952.0),
                Arguments.of("geocdn_requests_total{node=\"eu-west-2\",region=\"eu-west\",result=\"hit\"} 55.0",
                        "geocdn_requests_total", Map.of("node", "eu-west-2", "region", "eu-west", "result", "hit"), 55.0),
                Arguments.of("geocdn_x_bucket{le=\"5.0E-5\"} 0", "geocdn_x_bucket", Map.of("le", "5.0E-5"), 0.0),
                Arguments.of("geocdn_x_bucket{le=\"+Inf\",} 7", "geocdn_x_bucket", Map.of("le", "+Inf"), 7.0),
                Arguments.of("geocdn_x{a=\"q\\\"uote\",b=\"back\\\\slash\",c=\"new\\nline\"} 1",
                        "geocdn_x", Map.of("a", "q\"uote", "b", "back\\slash", "c", "new\nline"), 1.0),
                Arguments.of("geocdn_x{a=\"comma, and } brace\"} 2", "geocdn_x", Map.of("a", "comma, and } brace"), 2.0),
                Arguments.of("geocdn_x { a = \"spaced\" } 3", "geocdn_x", Map.of("a", "spaced"), 3.0),
                Arguments.of("geocdn_x{} 4", "geocdn_x", Map.of(), 4.0),
                Arguments.of("geocdn_x 5 1712345678901", "geocdn_x", Map.of(), 5.0),
                Arguments.of("geocdn_x\t6e3", "geocdn_x", Map.of(), 6000.0),
                Arguments.of("geocdn_x -1.5E-3", "geocdn_x", Map.of(), -0.0015),
                Arguments.of("geocdn_x +Inf", "geocdn_x", Map.of(), Double.POSITIVE_INFINITY),
                Arguments.of("geocdn_x -Inf", "geocdn_x", Map.of(), Double.NEGATIVE_INFINITY),
                Arguments.of("geocdn_ns:x .5", "geocdn_ns:x", Map.of(), 0.5));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void aSampleLine_isReadWithItsNameLabelsAndValue(String line, String name, Map<String, String> labels, double value) {
        List<PrometheusText.Sample> read = PrometheusText.parse(line, "geocdn_");

        assertThat(read).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo(name);
            assertThat(s.labels()).isEqualTo(labels);
            assertThat(s.value()).isEqualTo(value);
        });
    }

    @Test
    void nan_isANumber() {
        assertThat(PrometheusText.parse("geocdn_x NaN", "geocdn_").getFirst().value()).isNaN();
    }

    @Test
    void comments_blankLines_andOtherPrefixes_areSkipped() {
        String text = """
                # HELP geocdn_requests_total Client requests by how they were answered
                # TYPE geocdn_requests_total counter
                geocdn_requests_total{result="hit"} 3.0

                jvm_threads_live_threads 42.0
                http_server_requests_seconds_count{uri="/"} 9
                geocdn_requests_total{result="miss"} 1.0
                # EOF
                """;

        assertThat(PrometheusText.parse(text, "geocdn_")).extracting(s -> s.label("result")).containsExactly("hit", "miss");
        assertThat(PrometheusText.parse(text, "")).hasSize(4);
    }

    @Test
    void aMissingLabel_readsAsEmpty_asInPromQL() {
        assertThat(PrometheusText.parse("geocdn_x{a=\"1\"} 1", "geocdn_").getFirst().label("b")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "geocdn_x",
            "geocdn_x{a=\"1\"}",
            "geocdn_x{a=\"1\" 2",
            "geocdn_x{a=1} 2",
            "geocdn_x{a=\"unterminated} 2",
            "geocdn_x{a=\"bad \\t escape\"} 2",
            "geocdn_x{=\"1\"} 2",
            "geocdn_x 12abc",
            "geocdn_x 0x10",
            "geocdn_x 1 2 3"})
    void aMalformedLine_failsNamingItsLine(String line) {
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE geocdn_x counter\n" + line, "geocdn_"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("line 2 is not a Prometheus sample");
    }
}
