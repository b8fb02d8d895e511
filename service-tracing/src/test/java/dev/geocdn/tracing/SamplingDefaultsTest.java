package dev.geocdn.tracing;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SamplingDefaultsTest {

    private static String probabilityWith(Map<String, Object> configured) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("configured", configured));
        new SamplingDefaults().postProcessEnvironment(environment, new SpringApplication());
        return environment.getProperty(SamplingDefaults.PROBABILITY);
    }

    @Test
    void withoutAnExporter_newTracesAreNotSampled() {
        assertThat(probabilityWith(Map.of())).isEqualTo("0.0");
    }

    @Test
    void withAnOtlpEndpoint_springBootsDefaultApplies() {
        assertThat(probabilityWith(Map.of(SamplingDefaults.ENDPOINT, "http://127.0.0.1:4318/v1/traces"))).isNull();
    }

    @Test
    void aProbabilitySetByTheOperatorIsKept() {
        assertThat(probabilityWith(Map.of(SamplingDefaults.PROBABILITY, "0.25"))).isEqualTo("0.25");
    }
}
