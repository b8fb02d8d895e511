package dev.geocdn.invalidation.intake;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PurgeRequestReaderTest {

    private final PurgeRequestReader reader = new PurgeRequestReader();

    private PurgeRequest read(String json) {
        return reader.read(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aFullRequest_isRead() {
        PurgeRequest request = read("""
                {"urls": ["https://cdn.example.com/a"], "prefixes": ["https://cdn.example.com/img/"],
                 "surrogateKeys": ["product-42"], "soft": true, "consistency": "strong", "timeoutMs": 2000}""");

        assertThat(request).isEqualTo(new PurgeRequest(List.of("https://cdn.example.com/a"),
                List.of("https://cdn.example.com/img/"), List.of("product-42"), true, "strong", 2000L));
    }

    @Test
    void absentFields_areNull() {
        assertThat(read("{\"surrogateKeys\": [\"k\"]}").urls()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknownField_isNamed                | {"urls": [], "surrogatekeys": ["k"]}   | unknown field 'surrogatekeys'
            unknownField_listsTheKnownOnes      | {"url": "x"}                           | a purge has urls, prefixes, surrogateKeys, soft, consistency, timeoutMs
            malformedJson_saysWhere             | {"urls": [}                            | malformed JSON at line 1, column
            duplicateField_isRefused            | {"soft": true, "soft": false}          | Duplicate Object property "soft"
            aStringForABoolean_namesTheField    | {"soft": "yes"}                        | in field 'soft'
            aNumberForAUrl_namesTheIndex        | {"urls": ["https://a.example/", 5]}    | in field 'urls[1]'
            aStringForAList_namesTheField       | {"urls": "https://a.example/"}         | in field 'urls'
            anArray_isNotAPurge                 | []                                     | bad JSON
            trailingTokens_areRefused           | {"soft": true} {"soft": false}         | Trailing token
            nullForTheBody_isRefused            | null                                   | must be a JSON object
            emptyBody_isRefused                 | '   '                                  | the body is empty
            """)
    void badJson_isA400_withTheParsersWords(String name, String json, String message) {
        assertThatThrownBy(() -> read(json))
                .isInstanceOfSatisfying(IntakeException.class, e -> {
                    assertThat(e.kind()).isEqualTo(IntakeException.Kind.BAD_REQUEST);
                    assertThat(e.getMessage()).contains(message).doesNotContain("tools.jackson").doesNotContain("\tat ")
                            .doesNotContain("[Source:").doesNotContain("CoercionConfig").doesNotContain("java.lang");
                });
    }
}
