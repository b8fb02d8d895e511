package dev.geocdn.cache.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geocdn.cache.http.CacheControl;
import dev.geocdn.cache.http.Headers;

import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("RFC 9111 4.1: the variants of one URL")
class Variants_Test {

    @Test
    void with_putsTheNewestFirstAndReplacesTheSameKey() {
        Variants v = new Variants(List.of(variant("a", 1), variant("b", 1)));
        Variants updated = v.with(variant("a", 2));

        assertThat(updated.responses()).extracting(StoredResponse::secondaryKey).containsExactly("a", "b");
        assertThat(updated.select("a").body().length()).isEqualTo(2);
        assertThat(v.select("a").body().length()).as("the original is unchanged").isEqualTo(1);
        assertThat(updated.select("c")).isNull();
    }

    @Test
    void with_keepsAtMostMaxVariants_droppingTheOldest() {
        Variants v = new Variants(List.of());
        for (int i = 0; i < Variants.MAX_VARIANTS + 5; i++) {
            v = v.with(variant("k" + i, 1));
        }
        assertThat(v.responses()).hasSize(Variants.MAX_VARIANTS);
        assertThat(v.responses().get(0).secondaryKey()).isEqualTo("k" + (Variants.MAX_VARIANTS + 4));
        assertThat(v.select("k0")).isNull();
        assertThat(v.select("k5")).isNotNull();
    }

    @Test
    void weight_isTheSumOfTheVariants() {
        StoredResponse a = variant("a", 10);
        StoredResponse b = variant("b", 20);
        assertThat(new Variants(List.of(a, b)).weight()).isEqualTo(a.weight() + b.weight());
        assertThat(new Variants(List.of()).weight()).isZero();
    }

    private static StoredResponse variant(String key, int bodyBytes) {
        return new StoredResponse(200, Headers.EMPTY, Body.of(new byte[bodyBytes]), 0, 0, key, CacheControl.NONE, 0, 0);
    }
}
