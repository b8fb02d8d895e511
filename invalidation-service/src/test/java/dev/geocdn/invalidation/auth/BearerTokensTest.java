package dev.geocdn.invalidation.auth;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BearerTokensTest {

    private static final Caller OPS = new Caller("ops", Set.of(Scope.PURGE));
    private static final Caller VIEWER = new Caller("viewer", Set.of(Scope.READ));

    private final BearerTokens tokens = new BearerTokens(List.of(
            new BearerTokens.Credential("ops-secret-0123456789", OPS),
            new BearerTokens.Credential("viewer-secret-0123456789", VIEWER)));

    @Test
    void aKnownToken_withTheScope_isAllowed() {
        assertThat(tokens.check("Bearer ops-secret-0123456789", Scope.PURGE)).isEqualTo(new AuthVerdict.Allowed(OPS));
    }

    @Test
    void theScheme_isCaseInsensitive_andSpacesAroundAreIgnored() {
        assertThat(tokens.check("  bearer   ops-secret-0123456789 ", Scope.PURGE)).isEqualTo(new AuthVerdict.Allowed(OPS));
    }

    @Test
    void purge_coversRead_butReadDoesNotCoverPurge() {
        assertThat(tokens.check("Bearer ops-secret-0123456789", Scope.READ)).isEqualTo(new AuthVerdict.Allowed(OPS));
        assertThat(tokens.check("Bearer viewer-secret-0123456789", Scope.PURGE))
                .isEqualTo(new AuthVerdict.Forbidden(VIEWER, Scope.PURGE));
    }

    @Test
    void warm_coversRead_butNeitherPurgeNorWarmCoversTheOther() {
        assertThat(Scope.WARM.covers(Scope.READ)).isTrue();
        assertThat(Scope.WARM.covers(Scope.PURGE)).isFalse();
        assertThat(Scope.PURGE.covers(Scope.WARM)).isFalse();
        assertThat(Scope.READ.covers(Scope.WARM)).isFalse();
        assertThat(tokens.check("Bearer ops-secret-0123456789", Scope.WARM))
                .isEqualTo(new AuthVerdict.Forbidden(OPS, Scope.WARM));
    }

    @Test
    void noHeader_isMissing() {
        assertThat(tokens.check(null, Scope.PURGE)).isInstanceOf(AuthVerdict.Missing.class);
        assertThat(tokens.check(" ", Scope.PURGE)).isInstanceOf(AuthVerdict.Missing.class);
    }

    @Test
    void anotherScheme_anEmptyToken_orAnUnknownToken_isInvalid() {
        assertThat(tokens.check("Basic b3BzOnNlY3JldA==", Scope.PURGE)).isInstanceOf(AuthVerdict.Invalid.class);
        assertThat(tokens.check("Bearer ", Scope.PURGE)).isInstanceOf(AuthVerdict.Invalid.class);
        assertThat(tokens.check("Bearer ops-secret-012345678", Scope.PURGE)).isInstanceOf(AuthVerdict.Invalid.class);
        assertThat(tokens.check("Bearer ops-secret-0123456789x", Scope.PURGE)).isInstanceOf(AuthVerdict.Invalid.class);
    }

    @Test
    void credentials_neverShowTheirSecret() {
        assertThat(new BearerTokens.Credential("ops-secret-0123456789", OPS).toString()).doesNotContain("secret-0123");
    }

    @Test
    void noTokens_isRefused() {
        assertThatThrownBy(() -> new BearerTokens(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
