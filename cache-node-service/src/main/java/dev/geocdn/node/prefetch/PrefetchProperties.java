package dev.geocdn.node.prefetch;

import dev.geocdn.cache.freshness.PathPattern;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
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
 * Prefetching, under {@code cdn.prefetch.*}: off unless {@code paths} names where it applies.
 *
 * @param paths          path patterns ({@code /video/**}, {@code /*.html}) of the responses whose
 *                       preload links are followed and of the HLS playlists whose segments are
 *                       fetched ahead; empty: no prefetching
 * @param via            where prefetches are sent: the region's gateway, so that each target is
 *                       fetched by the node that owns it; unset: this node's own data plane
 *                       (a region of one node, or nodes that clients reach directly)
 * @param queueCapacity  targets waiting at most; more are dropped (counted)
 * @param concurrency    prefetches in flight at most
 * @param segmentsAhead  HLS segments fetched after the one a client asked for
 * @param maxLinks       preload links followed per response
 * @param remember       how long a target fetched ahead is not asked for again
 * @param timeout        how long one prefetch may take
 * @param playlists      HLS playlists remembered (least recently read ones forgotten first)
 * @param maxPlaylistSize the largest playlist read
 */
@Validated
@ConfigurationProperties("cdn.prefetch")
public record PrefetchProperties(
        @DefaultValue List<String> paths,
        URI via,
        @Min(1) @DefaultValue("256") int queueCapacity,
        @Min(1) @DefaultValue("4") int concurrency,
        @Min(1) @DefaultValue("3") int segmentsAhead,
        @Min(1) @DefaultValue("16") int maxLinks,
        @NotNull @DefaultValue("10s") Duration remember,
        @NotNull @DurationMin(inclusive = false) @DefaultValue("10s") Duration timeout,
        @Min(1) @DefaultValue("1000") int playlists,
        @Valid @NotNull @DefaultValue("1MB") DataSize maxPlaylistSize) {

    /** Whether anything is prefetched. */
    public boolean enabled() {
        return paths != null && !paths.isEmpty();
    }

    @AssertTrue(message = "cdn.prefetch.paths are path patterns that start with '/': /video/**, /*.html")
    public boolean isPathsPatterns() {
        if (paths == null) {
            return true;
        }
        try {
            paths.forEach(PathPattern::compile);
            return true;
        } catch (IllegalArgumentException | NullPointerException e) {
            return false;
        }
    }

    @AssertTrue(message = "cdn.prefetch.via must be an absolute http URL (the region's gateway), e.g. http://10.0.0.5:8090")
    public boolean isViaHttp() {
        return via == null || ("http".equalsIgnoreCase(via.getScheme()) && via.getHost() != null);
    }
}
