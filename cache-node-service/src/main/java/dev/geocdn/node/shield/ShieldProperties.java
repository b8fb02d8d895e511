package dev.geocdn.node.shield;

import dev.geocdn.cache.freshness.PathPattern;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.List;

/**
 * Tiered fill, under {@code cdn.shield.*}: which region is this node's parent (its shield) for
 * which requests. Off unless {@code rules} names a parent; the parent regions' nodes are
 * {@code cdn.peers.*}.
 *
 * <p>Sibling regions make the regions' caches one larger cache: before a fill goes to the origin
 * (a shield's, or any node's without a parent), the node asks the owner node of the key in each
 * sibling region, in the listed order, whether it holds a fresh copy ({@code Cache-Control:
 * only-if-cached}, RFC 9111 section 5.2.1.7), and takes the first that does. Such a request is
 * never sent further by the sibling, so it cannot loop; the region a child's request came from
 * is skipped, as it has just missed there.
 *
 * @param rules          in order, the first that matches a request names its parent region; a
 *                       rule naming this node's own region means "no parent" (the shield's own
 *                       nodes fill from the origin), so every region can be given the same rules
 * @param siblings       the regions asked before the origin, nearest first; empty for none
 * @param siblingTimeout the longest silence allowed from a sibling before the next one (or the
 *                       origin) is asked
 */
@Validated
@ConfigurationProperties("cdn.shield")
public record ShieldProperties(@Valid @NotNull @DefaultValue List<Rule> rules,
                               @NotNull @DefaultValue List<@NotBlank String> siblings,
                               @NotNull @DurationMin(inclusive = false) @DefaultValue("1s") Duration siblingTimeout) {

    /**
     * One rule.
     *
     * @param paths  the path pattern of the requests it covers ({@code /**}: all)
     * @param host   the host (as clients send it) it is limited to; empty for every host
     * @param region the parent region
     */
    public record Rule(@NotBlank @DefaultValue("/**") String paths, @DefaultValue("") String host,
                       @NotBlank String region) {

        @AssertTrue(message = "paths must be a path pattern starting with '/' (* within one segment, ** across them)")
        public boolean isPathsPattern() {
            return PathPattern.isValid(paths); // blank: @NotBlank reports it
        }
    }
}
