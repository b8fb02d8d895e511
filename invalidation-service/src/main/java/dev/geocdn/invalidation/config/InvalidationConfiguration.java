package dev.geocdn.invalidation.config;

import dev.geocdn.invalidation.api.PurgeHandler;
import dev.geocdn.invalidation.api.WarmHandler;
import dev.geocdn.invalidation.audit.PurgeAudit;
import dev.geocdn.invalidation.auth.BearerTokens;
import dev.geocdn.invalidation.auth.Caller;
import dev.geocdn.invalidation.bus.PurgeLogReader;
import dev.geocdn.invalidation.bus.PurgePublisher;
import dev.geocdn.invalidation.intake.PurgeRequestReader;
import dev.geocdn.invalidation.intake.PurgeValidator;
import dev.geocdn.invalidation.limits.PurgeRateLimits;
import dev.geocdn.invalidation.progress.PurgeTracker;
import dev.geocdn.invalidation.purge.PurgeService;
import dev.geocdn.invalidation.warm.SitemapFetcher;
import dev.geocdn.invalidation.warm.WarmJobs;
import dev.geocdn.invalidation.warm.WarmValidator;
import dev.geocdn.invalidation.warm.Warmer;
import dev.geocdn.membership.MembershipSubscriber;
import dev.geocdn.membership.MembershipView;
import dev.geocdn.protocol.hlc.HybridLogicalClock;
import io.github.resilience4j.micrometer.tagged.TaggedRateLimiterMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Wires the invalidation service from {@link InvalidationProperties}: the only place configuration is read. */
@Configuration(proxyBeanMethods = false)
public class InvalidationConfiguration {

    /** The longest the purge log reader waits on Kafka before retrying. */
    static final Duration MAX_READER_RETRY = Duration.ofSeconds(2);

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    HybridLogicalClock hybridLogicalClock(InvalidationProperties properties, Clock clock) {
        return new HybridLogicalClock(clock::millis, properties.hlcMaxOffset());
    }

    /** Static topology first (everything up; empty when only the health service knows it). */
    @Bean
    MembershipView membershipView(InvalidationProperties properties, Clock clock) {
        return MembershipView.ofStatic(properties.regions(), clock.instant());
    }

    /** Live membership from the health service, when one is configured. */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty("cdn.invalidation.membership.health-service-url")
    MembershipSubscriber membershipSubscriber(InvalidationProperties properties, MembershipView view) {
        return new MembershipSubscriber(WebClient.builder(), properties.membership().healthServiceUrl(), view);
    }

    @Bean
    BearerTokens bearerTokens(InvalidationProperties properties) {
        return new BearerTokens(properties.tokens().stream()
                .map(t -> new BearerTokens.Credential(t.secret(), new Caller(t.name(), t.scopes())))
                .toList());
    }

    @Bean
    PurgeRateLimits purgeRateLimits(InvalidationProperties properties, MeterRegistry meters) {
        Map<String, PurgeRateLimits.Limit> perToken = properties.tokens().stream().filter(t -> t.rate() != null)
                .collect(Collectors.toMap(InvalidationProperties.Token::name, t -> limit(t.rate())));
        PurgeRateLimits limits = new PurgeRateLimits(limit(properties.limits().rate()), perToken);
        TaggedRateLimiterMetrics.ofRateLimiterRegistry(limits.registry()).bindTo(meters);
        return limits;
    }

    private static PurgeRateLimits.Limit limit(InvalidationProperties.Rate rate) {
        return new PurgeRateLimits.Limit(rate.limit(), rate.period());
    }

    @Bean
    PurgeTracker purgeTracker(InvalidationProperties properties, Clock clock, MembershipView view, MeterRegistry meters) {
        PurgeTracker tracker = new PurgeTracker(properties.history().size(), clock, view::current);
        view.onChange(m -> tracker.membershipChanged());
        Gauge.builder("geocdn.purges.unfinished", tracker, PurgeTracker::unfinishedCount)
                .description("Recent purges that some live node has not acknowledged yet").register(meters);
        return tracker;
    }

    @Bean
    PurgeAudit purgeAudit(MeterRegistry meters) {
        return new PurgeAudit(meters);
    }

    @Bean(destroyMethod = "close")
    PurgePublisher purgePublisher(InvalidationProperties properties) {
        return new PurgePublisher(properties.kafka().settings(), properties.publish().timeout());
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    PurgeLogReader purgeLogReader(InvalidationProperties properties, PurgeTracker tracker, HybridLogicalClock hlc,
                                  Clock clock, PurgeAudit audit) {
        Duration retry = properties.publish().timeout().compareTo(MAX_READER_RETRY) < 0
                ? properties.publish().timeout() : MAX_READER_RETRY;
        return new PurgeLogReader(properties.kafka().settings(), properties.kafka().createTopics(), retry, tracker,
                hlc, clock, audit::applied);
    }

    /** {@code purgeLog} in {@code /actuator/health}: down until acknowledgements are being read. */
    @Bean
    HealthIndicator purgeLogHealthIndicator(PurgeLogReader reader, InvalidationProperties properties) {
        return () -> (reader.isReady() ? Health.up() : Health.down().withDetail("error", reader.lastError()))
                .withDetail("bootstrapServers", properties.kafka().bootstrapServers())
                .withDetail("topics", List.of(properties.kafka().purgesTopic(), properties.kafka().acksTopic()))
                .build();
    }

    @Bean
    PurgeService purgeService(InvalidationProperties properties, PurgeTracker tracker, PurgePublisher publisher,
                              PurgeLogReader reader, HybridLogicalClock hlc, Clock clock) {
        return new PurgeService(tracker, publisher, reader::isReady, hlc, clock, properties.strong().deadline(),
                properties.kafka().bootstrapServers());
    }

    @Bean
    PurgeHandler purgeHandler(InvalidationProperties properties, BearerTokens tokens, PurgeRateLimits limits,
                              PurgeService service, PurgeTracker tracker, PurgeAudit audit, Clock clock) {
        InvalidationProperties.Limits l = properties.limits();
        return new PurgeHandler(tokens, limits, new PurgeRequestReader(),
                new PurgeValidator(l.maxTargets(), l.maxUrlLength(), properties.strong().maxDeadline()),
                service, tracker, audit, clock, (int) Math.min(Integer.MAX_VALUE, l.maxBodySize().toBytes()),
                properties.publish().retryAfter());
    }

    @Bean
    RouterFunction<ServerResponse> purgeRoutes(PurgeHandler handler) {
        return handler.routes();
    }

    @Bean(destroyMethod = "close")
    WarmJobs warmJobs(InvalidationProperties properties, MembershipView view, Clock clock, MeterRegistry meters) {
        InvalidationProperties.Warm warm = properties.warm();
        WebClient client = WebClient.builder().build();
        Warmer warmer = new Warmer(client, view::current,
                new Warmer.Pace(warm.concurrency(), warm.rate(), warm.timeout()), meters);
        SitemapFetcher sitemaps = new SitemapFetcher(client, warm.sitemapTimeout(), (int) warm.sitemapMaxSize().toBytes(),
                warm.maxUrls(), properties.limits().maxUrlLength());
        WarmJobs jobs = new WarmJobs(warmer, sitemaps, clock, warm.history(), warm.maxFailuresShown());
        Gauge.builder("geocdn.warm.jobs.running", jobs, WarmJobs::runningCount)
                .description("Warming jobs of this instance still warming").register(meters);
        return jobs;
    }

    @Bean
    RouterFunction<ServerResponse> warmRoutes(InvalidationProperties properties, BearerTokens tokens, WarmJobs jobs,
                                              MembershipView view) {
        return new WarmHandler(tokens, new WarmValidator(properties.warm().maxUrls(), properties.limits().maxUrlLength()),
                jobs, view::current, (int) properties.warm().maxBodySize().toBytes())
                .routes();
    }
}
