package dev.geocdn.invalidation.audit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PurgeAuditTest {

    @Test
    void oneWordValues_standAsTheyAre() {
        assertThat(PurgeAudit.quote("ops")).isEqualTo("ops");
    }

    @Test
    void absentValues_areADash() {
        assertThat(PurgeAudit.quote(null)).isEqualTo("-");
        assertThat(PurgeAudit.quote("")).isEqualTo("-");
    }

    @Test
    void valuesWithSpacesQuotesOrControls_areQuotedAndCannotForgeALine() {
        assertThat(PurgeAudit.quote("rate limit")).isEqualTo("\"rate limit\"");
        assertThat(PurgeAudit.quote("a \"b\"")).isEqualTo("\"a \\\"b\\\"\"");
        assertThat(PurgeAudit.quote("x\nINFO forged")).isEqualTo("\"x?INFO forged\"");
    }
}
