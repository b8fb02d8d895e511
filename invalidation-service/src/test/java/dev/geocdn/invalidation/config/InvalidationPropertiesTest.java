package dev.geocdn.invalidation.config;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Configuration mistakes stop the service at start-up, naming the property. */
class InvalidationPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(InvalidationProperties.class)
    static class Bind {
    }

    private static final String[] GOOD = {
            "cdn.invalidation.tokens[0].name=ops",
            "cdn.invalidation.tokens[0].secret=ops-secret-0123456789",
            "cdn.invalidation.tokens[0].scopes=purge",
            "cdn.invalidation.kafka.bootstrap-servers=127.0.0.1:9092",
            "cdn.invalidation.regions.us-west.nodes[0].id=us-west-1",
            "cdn.invalidation.regions.us-west.nodes[0].url=http://127.0.0.1:8101"};

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Bind.class);

    @Test
    void aGoodConfiguration_bindsWithItsDefaults() {
        runner.withPropertyValues(GOOD).run(context -> {
            assertThat(context).hasNotFailed();
            InvalidationProperties p = context.getBean(InvalidationProperties.class);
            assertThat(p.limits().maxBodySize().toBytes()).isEqualTo(64 * 1024);
            assertThat(p.limits().maxTargets()).isEqualTo(1000);
            assertThat(p.strong().deadline()).isEqualTo(Duration.ofSeconds(5));
            assertThat(p.kafka().settings().purgesTopic()).isEqualTo("geocdn.purges");
            assertThat(p.kafka().settings().acksTopic()).isEqualTo("geocdn.purge-acks");
            assertThat(p.history().size()).isEqualTo(10_000);
            assertThat(p.tokens().getFirst().toString()).doesNotContain("ops-secret");
        });
    }

    @Test
    void noTokens_stopsStartUp_sayingWhatIsNeeded() {
        runner.withPropertyValues("cdn.invalidation.kafka.bootstrap-servers=127.0.0.1:9092",
                "cdn.invalidation.regions.us-west.nodes[0].id=us-west-1",
                "cdn.invalidation.regions.us-west.nodes[0].url=http://127.0.0.1:8101").run(context ->
                assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("cdn.invalidation.tokens")
                        .hasMessageContaining("at least one token is needed"));
    }

    @Test
    void aShortSecret_stopsStartUp_withoutShowingIt() {
        runner.withPropertyValues(GOOD).withPropertyValues("cdn.invalidation.tokens[0].secret=short-secret")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("at least 16 characters")
                        .message().doesNotContain("short-secret"));
    }

    @Test
    void twoTokensOfOneName_stopStartUp() {
        runner.withPropertyValues(GOOD).withPropertyValues("cdn.invalidation.tokens[1].name=ops",
                        "cdn.invalidation.tokens[1].secret=other-secret-0123456789", "cdn.invalidation.tokens[1].scopes=read")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("token names must be unique"));
    }

    @Test
    void noKafka_stopsStartUp() {
        runner.withPropertyValues(GOOD).withPropertyValues("cdn.invalidation.kafka.bootstrap-servers=")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("cdn.invalidation.kafka.bootstrap-servers"));
    }

    @Test
    void noTopology_andNoHealthService_stopsStartUp() {
        runner.withPropertyValues("cdn.invalidation.tokens[0].name=ops",
                        "cdn.invalidation.tokens[0].secret=ops-secret-0123456789", "cdn.invalidation.tokens[0].scopes=purge",
                        "cdn.invalidation.kafka.bootstrap-servers=127.0.0.1:9092")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("cdn.invalidation.membership.health-service-url"));
    }

    @Test
    void aZeroRatePeriod_stopsStartUp_namingTheProperty() {
        runner.withPropertyValues(GOOD).withPropertyValues("cdn.invalidation.limits.rate.period=0s")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("limits.rate.period").hasMessageContaining("must be longer than 0"));
    }

    @Test
    void aDefaultDeadlineAboveTheMaximum_stopsStartUp() {
        runner.withPropertyValues(GOOD).withPropertyValues("cdn.invalidation.strong.deadline=60s")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("strong.deadline must be positive and at most strong.max-deadline"));
    }
}
