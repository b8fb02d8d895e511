package dev.geocdn.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RttMatrixBodyTest {

    private final RttMatrixBody body = new RttMatrixBody(JsonMapper.builder().build());

    private Map<String, Map<String, Double>> parse(String text) {
        return body.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aMatrixOfMilliseconds_isRead() {
        assertThat(parse("{\"us-west\": {\"us-east\": 60, \"eu-west\": 140.5}, \"us-east\": {}}"))
                .isEqualTo(Map.of("us-west", Map.of("us-east", 60.0, "eu-west", 140.5), "us-east", Map.of()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "``                                          | the body is empty",
            "`  `                                        | the body is empty",
            "null                                        | the body must be a JSON object",
            "[1, 2]                                      | the body must be a JSON object",
            "{\"us-west\": {\"us-east\": 60              | the body is not valid JSON (line 1, column",
            "{\"us-west\" {}}                            | the body is not valid JSON (line 1, column",
            "{\"us-west\": 60}                           | 'us-west' must be an object of region to RTT milliseconds",
            "{\"us-west\": null}                         | 'us-west' must be an object of region to RTT milliseconds",
            "{\"us-west\": {\"eu-west\": \"far\"}}       | 'us-west' -> 'eu-west' must be a number of milliseconds",
            "{\"us-west\": {\"eu-west\": [140]}}         | 'us-west' -> 'eu-west' must be a number of milliseconds",
            "{\"us-west\": {\"eu-west\": null}}          | 'us-west' -> 'eu-west' must be a number of milliseconds"})
    void aRefusedBody_saysWhatIsWrong_inTheMatrixsTerms(String text, String why) {
        assertThatThrownBy(() -> parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(RttMatrixBody.EXPECTED + ": " + why)
                .hasNoCause()
                .message().doesNotContain("Source", "tools.jackson", "java.", "Cannot deserialize", "`");
    }

    @Test
    void aLongNameFromTheBody_isQuotedShortened() {
        String name = "r".repeat(500);

        assertThatThrownBy(() -> parse("{\"" + name + "\": 1}"))
                .message().contains("'" + "r".repeat(64) + "...'").hasSizeLessThan(250);
    }
}
