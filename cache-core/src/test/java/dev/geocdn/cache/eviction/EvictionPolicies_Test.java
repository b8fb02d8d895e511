package dev.geocdn.cache.eviction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("EvictionPolicies: the registry of policies by configuration name")
class EvictionPolicies_Test {

    @Test
    void defaultPolicy_isRegistered() {
        assertThat(EvictionPolicies.names()).contains(EvictionPolicies.DEFAULT).contains("w-tinylfu");
        assertThat(EvictionPolicies.byName(EvictionPolicies.DEFAULT).name()).isEqualTo(EvictionPolicies.DEFAULT);
    }

    @Test
    void theRegisteredPolicies_areTheConfigurationNames() {
        assertThat(EvictionPolicies.names()).containsExactly("w-tinylfu", "lru", "sieve", "s3-fifo");
    }

    @ParameterizedTest(name = "''{0}'' names {1}")
    @CsvSource({"LRU, lru", "Sieve, sieve", "S3-FIFO, s3-fifo"})
    void otherNames_areCaseInsensitiveToo(String name, String policy) {
        assertThat(EvictionPolicies.byName(name).name()).isEqualTo(policy);
    }

    @Test
    void nullName_meansTheDefault() {
        assertThat(EvictionPolicies.byName(null).name()).isEqualTo(EvictionPolicies.DEFAULT);
    }

    @ParameterizedTest(name = "''{0}'' names w-tinylfu")
    @ValueSource(strings = {"w-tinylfu", "W-TinyLFU", "W-TINYLFU"})
    void names_areCaseInsensitive(String name) {
        assertThat(EvictionPolicies.byName(name).name()).isEqualTo("w-tinylfu");
    }

    @ParameterizedTest(name = "every registered policy answers to its own name: {0}")
    @MethodSource("dev.geocdn.cache.eviction.BoundedStoreContract_Test#policies")
    void everyName_resolvesToThatPolicy(String name) {
        assertThat(EvictionPolicies.byName(name).name()).isEqualTo(name);
        assertThat(name).isLowerCase();
    }

    @ParameterizedTest(name = "unknown policy ''{0}'' is rejected with the known names")
    @ValueSource(strings = {"lru-ish", "", " w-tinylfu", "tinylfu"})
    void unknownName_isRejectedListingTheKnownNames(String name) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> EvictionPolicies.byName(name))
                .withMessageContaining("'" + name + "'")
                .satisfies(e -> EvictionPolicies.names().forEach(known -> assertThat(e.getMessage()).contains(known)));
    }

    @Test
    void names_cannotBeChangedByCallers() {
        assertThatThrownBy(() -> EvictionPolicies.names().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(EvictionPolicies.names()).contains(EvictionPolicies.DEFAULT);
    }
}
