package dev.geocdn.node.config;

import dev.geocdn.cache.freshness.Consistency.Mode;
import dev.geocdn.cache.freshness.ConsistencyRules;
import dev.geocdn.cache.freshness.PathPattern;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
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
import java.util.List;

/**
 * The node's configuration, under {@code cdn.*}. The names {@code cdn.origin.url},
 * {@code cdn.region}, {@code cdn.node-id}, {@code cdn.cache.max-bytes} and
 * {@code cdn.cache.policy} are part of the public interface (environment variables work too:
 * {@code CDN_ORIGIN_URL}, ...).
 *
 * @param region   the region this node serves, e.g. {@code us-west}
 * @param nodeId   this node's id, e.g. {@code us-west-1}; the cache name in Cache-Status
 * @param origin   the origin in front of which the node sits
 * @param cache    the store and the RFC 9111 choices
 * @param collapse request collapsing
 * @param edge     limits of the client-facing listener
 * @param consistency consistency per path pattern (eventual when no rule matches)
 */
@Validated
@ConfigurationProperties("cdn")
public record NodeProperties(
        @NotBlank @DefaultValue("local") String region,
        @NotBlank @DefaultValue("node-1") String nodeId,
        @Valid @NotNull Origin origin,
        @Valid @NotNull @DefaultValue Cache cache,
        @Valid @NotNull @DefaultValue Collapse collapse,
        @Valid @NotNull @DefaultValue Edge edge,
        @Valid @NotNull @DefaultValue Consistency consistency) {

    /**
     * @param url             the origin's base URL, http or https (required)
     * @param connectTimeout  how long to wait for a TCP (and TLS) connection
     * @param responseTimeout the longest silence allowed while waiting for or reading a response
     * @param maxConnections  the connection pool's size
     * @param hostHeader      the Host sent to the origin; the origin URL's host when empty
     * @param insecureTls     accept any TLS certificate from the origin (tests, private CAs)
     * @param breaker         the circuit breaker that stops a dead origin piling up connections
     */
    public record Origin(
            @NotNull URI url,
            @DurationMin(inclusive = false) @DefaultValue("2s") Duration connectTimeout,
            @DurationMin(inclusive = false) @DefaultValue("15s") Duration responseTimeout,
            @Min(1) @DefaultValue("512") int maxConnections,
            @DefaultValue("") String hostHeader,
            @DefaultValue("false") boolean insecureTls,
            @Valid @DefaultValue Breaker breaker) {

        /** Only absolute http and https origins can be proxied. */
        @AssertTrue(message = "must be an absolute http or https URL, e.g. https://origin.example.com")
        public boolean isHttpUrl() {
            return url == null || (url.getHost() != null
                    && ("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme())));
        }
    }

    /**
     * @param failureRateThreshold percentage of failed calls that opens the circuit
     * @param slidingWindowSize    calls looked at
     * @param minimumCalls         calls needed before the rate is judged
     * @param openDuration         how long the circuit stays open before probing again
     */
    public record Breaker(
            @Min(1) @Max(100) @DefaultValue("50") int failureRateThreshold,
            @Min(1) @DefaultValue("20") int slidingWindowSize,
            @Min(1) @DefaultValue("10") int minimumCalls,
            @DurationMin(inclusive = false) @DefaultValue("5s") Duration openDuration) {
    }

    /**
     * @param maxBytes              the bound on stored bodies and headers
     * @param policy                the eviction policy's name
     * @param maxObjectSize         the largest body that is stored
     * @param targetedFields        targeted cache-control fields obeyed, most specific first (RFC 9213)
     * @param maxHeuristicLifetime  cap on heuristic freshness (RFC 9111 section 4.2.2)
     * @param storeSetCookie        store and share responses that set cookies
     * @param honorRequestNoCache   let clients force revalidation with no-cache
     * @param offHeap               keep bodies off the Java heap, in pooled direct memory
     *                              (needs {@code -XX:MaxDirectMemorySize} above max-bytes)
     * @param rangeFill             how a range of something not held whole is filled: {@code whole}
     *                              fetches the whole object; {@code parts} fetches the missing range
     *                              and stores parts; {@code auto} is whole, and parts for objects
     *                              larger than max-object-size
     */
    public record Cache(
            @NotNull @DefaultValue("256MB") DataSize maxBytes,
            @NotBlank @DefaultValue("w-tinylfu") String policy,
            @NotNull @DefaultValue("64MB") DataSize maxObjectSize,
            @NotEmpty @DefaultValue("CDN-Cache-Control") List<String> targetedFields,
            @DurationMin @DefaultValue("1d") Duration maxHeuristicLifetime,
            @DefaultValue("false") boolean storeSetCookie,
            @DefaultValue("false") boolean honorRequestNoCache,
            @DefaultValue("true") boolean offHeap,
            @NotNull @DefaultValue("auto") dev.geocdn.node.proxy.RangeFill rangeFill) {

        /** A store or an object bound of zero would keep nothing: every response would pass through. */
        @AssertTrue(message = "cdn.cache.max-bytes and cdn.cache.max-object-size must be positive")
        public boolean isSizesPositive() {
            return maxBytes == null || maxObjectSize == null || (maxBytes.toBytes() > 0 && maxObjectSize.toBytes() > 0);
        }

        /** The policy must be one the registry knows, so a typo fails at start, naming the choices. */
        @AssertTrue(message = "must name a known eviction policy: w-tinylfu (the default), or another registered one")
        public boolean isPolicyKnown() {
            return dev.geocdn.cache.eviction.EvictionPolicies.names().contains(
                    policy.toLowerCase(java.util.Locale.ROOT));
        }
    }

    /**
     * @param maxWaiters the most requests that wait on one fill; more go to the origin uncollapsed
     * @param timeout    how long a waiter waits for the fill's response headers
     */
    public record Collapse(
            @Min(0) @DefaultValue("1024") int maxWaiters,
            @DurationMin(inclusive = false) @DefaultValue("10s") Duration timeout) {
    }

    /**
     * @param maxHeaderSize          the largest request header section; beyond it, 431
     * @param maxInitialLineLength   the longest request line; beyond it, 414
     * @param accessLog              file to append one line per request to; no access log when unset
     * @param fastPath               answer plain fresh hits in a Netty handler before Reactor Netty
     *                               (off only to compare or troubleshoot; responses are the same)
     * @param trustedProxies         CIDR blocks (gateways, TLS terminators) whose {@code Forwarded: proto=}
     *                               and {@code X-Forwarded-Proto} are believed; from other peers they are
     *                               ignored and the request is keyed as http. Loopback and private
     *                               ranges by default
     * @param stripResponseFields    response fields addressed to the CDN that clients never see
     *                               (purge tags); empty to pass everything, e.g. to a CDN tier in front
     * @param earlyHints             pass the origin's {@code 103 Early Hints} on to HTTP/1.1 clients
     *                               ahead of the final response; off drops them (other interim
     *                               responses are always dropped, and none is ever stored)
     * @param stripRequestFields     request fields removed before anything else sees them: fields that
     *                               frameworks behind origins take as another URL or method, which are
     *                               not part of the cache key (see {@code OverrideFields})
     * @param requestHeadTimeout     the longest time from a request's first byte to the end of its
     *                               header section; a slower client gets 408 and the connection closes
     * @param keepAliveTimeout       how long an idle connection is kept open waiting for its next request
     * @param maxKeepAliveRequests   requests served on one connection before it is closed; -1 for no bound
     * @param maxHeaderFields        the most header fields one request may carry; beyond it, 431
     * @param cdnId                  this CDN's name in {@code CDN-Loop} (RFC 8586), added to every
     *                               request the node sends upstream
     * @param maxLoops               a request whose {@code CDN-Loop} already names {@code cdnId} this
     *                               many times is refused with 508 instead of being sent upstream again
     */
    public record Edge(
            @NotNull @DefaultValue("16KB") DataSize maxHeaderSize,
            @NotNull @DefaultValue("8KB") DataSize maxInitialLineLength,
            java.nio.file.Path accessLog,
            @DefaultValue("true") boolean fastPath,
            @DefaultValue({"127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"})
            List<String> trustedProxies,
            @DefaultValue({"Surrogate-Key", "Cache-Tag"}) List<String> stripResponseFields,
            @DefaultValue("true") boolean earlyHints,
            @DefaultValue({"X-Original-URL", "X-Rewrite-URL", "X-Override-URL", "X-HTTP-Method-Override",
                    "X-HTTP-Method", "X-Method-Override", "X-Original-Method", "X-Forwarded-Path",
                    "X-Forwarded-Prefix", "X-Forwarded-Uri"})
            List<String> stripRequestFields,
            @NotNull @DefaultValue("10s") Duration requestHeadTimeout,
            @NotNull @DefaultValue("60s") Duration keepAliveTimeout,
            @Min(-1) @DefaultValue("10000") int maxKeepAliveRequests,
            @Min(1) @DefaultValue("100") int maxHeaderFields,
            @NotBlank @jakarta.validation.constraints.Pattern(regexp = "[A-Za-z0-9!#$%&'*+.^_`|~-]+",
                    message = "cdn.edge.cdn-id is a token (RFC 9110 section 5.6.2), e.g. geocdn")
            @DefaultValue("geocdn") String cdnId,
            @Min(1) @DefaultValue("1") int maxLoops) {

        /** Size limits must be positive: zero would refuse every request. */
        @AssertTrue(message = "max-header-size and max-initial-line-length must be positive")
        public boolean isSizeLimitsPositive() {
            return maxHeaderSize == null || maxInitialLineLength == null
                    || (maxHeaderSize.toBytes() > 0 && maxInitialLineLength.toBytes() > 0);
        }

        /** Timeouts must be positive: zero would refuse every request or keep nothing alive. */
        @AssertTrue(message = "request-head-timeout and keep-alive-timeout must be positive")
        public boolean isTimeoutsPositive() {
            return requestHeadTimeout == null || keepAliveTimeout == null
                    || (!requestHeadTimeout.isNegative() && !requestHeadTimeout.isZero()
                    && !keepAliveTimeout.isNegative() && !keepAliveTimeout.isZero());
        }
    }

    /**
     * Consistency per path: {@code cdn.consistency.rules[0].path=/api/**},
     * {@code cdn.consistency.rules[0].mode=strong}, ... (see docs/cache-node.md, "Consistency").
     *
     * @param rules rules in order of precedence, the first match wins; a request no rule matches
     *              is eventual (HTTP freshness plus purges)
     */
    public record Consistency(@NotNull @DefaultValue List<@Valid @NotNull ConsistencyRule> rules) {
    }

    /**
     * One consistency rule.
     *
     * @param path         a path pattern starting with {@code /}, matched against the whole path,
     *                     the query ignored: {@code *} within one segment, {@code **} across segments
     * @param host         the host the rule is limited to (as in the Host field, without the
     *                     scheme's default port); every host when empty
     * @param mode         {@code eventual}, {@code bounded} or {@code strong}
     * @param maxStaleness for {@code bounded} only: the longest time since the last validation with
     *                     the origin after which a stored response is revalidated
     */
    public record ConsistencyRule(
            @NotBlank String path,
            @DefaultValue("") String host,
            @NotNull Mode mode,
            Duration maxStaleness) {

        /** The path must compile, so that a typo fails at start rather than matching nothing. */
        @AssertTrue(message = "must be a path pattern starting with '/' (* within one segment, ** across segments), "
                + "without a query or whitespace")
        public boolean isPathValid() {
            return PathPattern.isValid(path); // blank: @NotBlank reports it
        }

        /** bounded needs a positive bound, and the others take none (a misplaced bound is not ignored). */
        @AssertTrue(message = "max-staleness must be positive for mode bounded, and is not allowed for the other modes")
        public boolean isMaxStalenessValid() {
            if (mode == null) {
                return true; // @NotNull reports it
            }
            try {
                // cache-core's Consistency (this class's nested Consistency is the property group)
                dev.geocdn.cache.freshness.Consistency.of(mode, maxStaleness);
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }

        /** This rule for cache-core. */
        public ConsistencyRules.Rule toRule() {
            return ConsistencyRules.Rule.of(path, host, mode, maxStaleness);
        }
    }
}
