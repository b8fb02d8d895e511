package dev.geocdn.invalidation.config;

import dev.geocdn.invalidation.auth.Scope;
import dev.geocdn.protocol.purge.PurgeTopics;
import dev.geocdn.protocol.topology.Membership;
import dev.geocdn.purgebus.PurgeBusSettings;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The invalidation service's configuration, under {@code cdn.invalidation.*}. Every default is
 * here; docs/invalidation.md has the table.
 *
 * @param tokens       who may purge or read progress; at least one. Secrets are compared in
 *                     constant time and never logged
 * @param limits       request size and rate limits
 * @param strong       how long strong purges wait for acknowledgements
 * @param kafka        where the purge log lives (the fields of {@link PurgeBusSettings}, plus
 *                     topic creation)
 * @param publish      how long a write to the purge log may take before the answer is 503
 * @param regions      the static topology (same shape as {@code cdn.gateway.regions}): whose
 *                     acknowledgements a strong purge waits for when no health service is
 *                     configured, and until its first snapshot arrives
 * @param membership   where live membership comes from
 * @param history      how many recent purges {@code GET /v1/purge/{id}} can show
 * @param warm         warming jobs ({@code POST /v1/warm}): their pace and limits
 * @param hlcMaxOffset how far ahead of this machine's wall clock a node's HLC time may be and
 *                     still be taken in (further is logged and ignored)
 */
@Validated
@ConfigurationProperties("cdn.invalidation")
public record InvalidationProperties(
        @NotEmpty(message = "at least one token is needed: cdn.invalidation.tokens[0].name, .secret and .scopes (purge, read)")
        List<@Valid @NotNull Token> tokens,
        @Valid @NotNull @DefaultValue Limits limits,
        @Valid @NotNull @DefaultValue Strong strong,
        @Valid @NotNull @DefaultValue Kafka kafka,
        @Valid @NotNull @DefaultValue Publish publish,
        @DefaultValue Map<String, Membership.RegionSpec> regions,
        @Valid @NotNull @DefaultValue MembershipSource membership,
        @Valid @NotNull @DefaultValue History history,
        @Valid @NotNull @DefaultValue Warm warm,
        @NotNull @DurationMin @DefaultValue("1s") Duration hlcMaxOffset) {

    /** The shortest secret accepted: 16 characters, about 96 bits when random base64. */
    public static final int MIN_SECRET_LENGTH = 16;

    @AssertTrue(message = "token names must be unique (cdn.invalidation.tokens[*].name): they name the caller in the audit log")
    public boolean isTokenNamesUnique() {
        return tokens == null || tokens.stream().filter(Objects::nonNull).map(Token::name).distinct().count()
                == tokens.stream().filter(Objects::nonNull).count();
    }

    @AssertTrue(message = "every token secret (cdn.invalidation.tokens[*].secret) needs at least "
            + MIN_SECRET_LENGTH + " characters, and no two tokens may share one")
    public boolean isSecretsStrongAndDistinct() {
        if (tokens == null) {
            return true;
        }
        Set<String> seen = new HashSet<>();
        for (Token token : tokens) {
            if (token != null && token.secret() != null
                    && (token.secret().length() < MIN_SECRET_LENGTH || !seen.add(token.secret()))) {
                return false;
            }
        }
        return true;
    }

    @AssertTrue(message = "strong purges wait for the nodes of cdn.invalidation.regions or of the health service "
            + "(cdn.invalidation.membership.health-service-url): configure at least one")
    public boolean isMembershipKnown() {
        return (regions != null && !regions.isEmpty()) || (membership != null && membership.healthServiceUrl() != null);
    }

    /**
     * One bearer token.
     *
     * @param name   who this is, in the audit log and metrics ({@code ops}, {@code ci-deploy})
     * @param secret the bearer token itself; at least {@value #MIN_SECRET_LENGTH} characters
     * @param scopes {@code purge} (send purges, and read their progress) and/or {@code read}
     *               (read progress only)
     * @param rate   this token's own rate limit; {@code limits.rate} when absent
     */
    public record Token(@NotBlank String name, @NotBlank String secret, @NotEmpty Set<Scope> scopes, @Valid Rate rate) {

        /** Keeps the secret out of logs and bind errors. */
        @Override
        public String toString() {
            return "Token[name=" + name + ", scopes=" + scopes + ", rate=" + rate + "]";
        }
    }

    /**
     * @param maxBodySize  the largest request body read; larger is 413
     * @param maxTargets   URLs, prefixes and surrogate keys one purge may name together; more is 413
     * @param maxUrlLength the longest URL or prefix, in characters; longer is 400
     * @param rate         the purge rate limit of each token (per token, not shared); more is 429
     */
    public record Limits(
            @NotNull @DefaultValue("64KB") DataSize maxBodySize,
            @Min(1) @DefaultValue("1000") int maxTargets,
            @Min(16) @DefaultValue("2048") int maxUrlLength,
            @Valid @NotNull @DefaultValue Rate rate) {

        @AssertTrue(message = "cdn.invalidation.limits.max-body-size must be positive")
        public boolean isMaxBodySizePositive() {
            return maxBodySize == null || maxBodySize.toBytes() > 0;
        }
    }

    /**
     * At most {@code limit} purge requests per {@code period}, per token. Every authenticated
     * {@code POST /v1/purge} counts, refused ones included.
     *
     * @param limit  requests per period
     * @param period the period
     */
    public record Rate(@Min(1) @DefaultValue("10") int limit,
                       @NotNull @DurationMin(inclusive = false) @DefaultValue("1s") Duration period) {
    }

    /**
     * @param deadline    how long a strong purge waits for acknowledgements by default (from
     *                    the request's arrival); then 504 naming who did not answer
     * @param maxDeadline the longest a client may ask for with {@code timeoutMs}
     */
    public record Strong(@NotNull @DefaultValue("5s") Duration deadline,
                         @NotNull @DefaultValue("30s") Duration maxDeadline) {

        @AssertTrue(message = "cdn.invalidation.strong.deadline must be positive and at most strong.max-deadline")
        public boolean isDeadlineWithinMax() {
            return deadline == null || maxDeadline == null
                    || (deadline.isPositive() && deadline.compareTo(maxDeadline) <= 0);
        }
    }

    /**
     * The purge log: {@link PurgeBusSettings}' fields, bound from {@code cdn.invalidation.kafka.*}.
     *
     * @param bootstrapServers the Kafka cluster (host:port, comma-separated)
     * @param purgesTopic      the purge log
     * @param acksTopic        the acknowledgement log
     * @param partitions       partitions of both topics when this service creates them
     * @param replication      their replication factor (3 in production; 1 for one broker)
     * @param client           extra Kafka client properties (security, TLS, SASL), as they are
     * @param createTopics     create both topics at start-up when missing (needs the right to);
     *                         retried in the background while Kafka is unreachable
     */
    public record Kafka(
            @NotBlank(message = "the purge log needs Kafka: cdn.invalidation.kafka.bootstrap-servers") String bootstrapServers,
            @NotBlank @DefaultValue(PurgeTopics.PURGES) String purgesTopic,
            @NotBlank @DefaultValue(PurgeTopics.ACKS) String acksTopic,
            @Min(1) @DefaultValue("1") int partitions,
            @Min(1) @DefaultValue("1") short replication,
            @DefaultValue Map<String, String> client,
            @DefaultValue("true") boolean createTopics) {

        public PurgeBusSettings settings() {
            return new PurgeBusSettings(bootstrapServers, purgesTopic, acksTopic, partitions, replication, client);
        }
    }

    /**
     * @param timeout    how long a write to the purge log may take (waiting for the cluster's
     *                   metadata, then for all in-sync replicas); then 503
     * @param retryAfter the {@code Retry-After} of a 503
     */
    public record Publish(@NotNull @DefaultValue("10s") Duration timeout,
                          @NotNull @DefaultValue("5s") Duration retryAfter) {

        @AssertTrue(message = "cdn.invalidation.publish.timeout and retry-after must be positive")
        public boolean isPositive() {
            return timeout == null || retryAfter == null || (timeout.isPositive() && retryAfter.isPositive());
        }
    }

    /**
     * @param healthServiceUrl the health service's base URL; its membership stream replaces the
     *                         static states (empty: static configuration, everything up)
     */
    public record MembershipSource(URI healthServiceUrl) {
    }

    /** @param size purges kept for {@code GET /v1/purge/{id}}, the oldest dropped first */
    public record History(@Min(1) @DefaultValue("10000") int size) {
    }

    /**
     * Warming jobs. Each region warms on its own, so the origin sees at most the number of regions
     * times {@code rate} new requests per second from one job.
     *
     * @param concurrency       URLs in flight per region
     * @param rate              URLs started per second per region
     * @param timeout           how long a node may take to answer for one URL
     * @param maxUrls           URLs one job may name, and pages one sitemap may list; more is 413
     * @param maxBodySize       the largest {@code POST /v1/warm} body read; larger is 413
     * @param history           jobs kept for {@code GET /v1/warm/{id}}, the oldest dropped first
     *                          (and stopped, if still running)
     * @param maxFailuresShown  failed URLs listed per region (all are counted)
     * @param sitemapMaxSize    the largest sitemap file read, uncompressed
     * @param sitemapTimeout    how long fetching one sitemap file may take
     */
    public record Warm(@Min(1) @DefaultValue("4") int concurrency,
                       @Min(1) @DefaultValue("20") int rate,
                       @NotNull @DurationMin(inclusive = false) @DefaultValue("30s") Duration timeout,
                       @Min(1) @DefaultValue("50000") int maxUrls,
                       @NotNull @DefaultValue("4MB") DataSize maxBodySize,
                       @Min(1) @DefaultValue("100") int history,
                       @Min(0) @DefaultValue("100") int maxFailuresShown,
                       @NotNull @DefaultValue("50MB") DataSize sitemapMaxSize,
                       @NotNull @DurationMin(inclusive = false) @DefaultValue("30s") Duration sitemapTimeout) {

        @AssertTrue(message = "cdn.invalidation.warm.sitemap-max-size and max-body-size must be between 1 byte and 1GB")
        public boolean isSizesSane() {
            return (sitemapMaxSize == null || (sitemapMaxSize.toBytes() > 0 && sitemapMaxSize.toGigabytes() <= 1))
                    && (maxBodySize == null || (maxBodySize.toBytes() > 0 && maxBodySize.toGigabytes() <= 1));
        }
    }
}
