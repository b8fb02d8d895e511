package dev.geocdn.node.shield;

import dev.geocdn.cache.freshness.PathPattern;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.util.List;

/**
 * Tiered fill, under {@code cdn.shield.*}: which region is this node's parent (its shield) for
 * which requests. Off unless {@code rules} names a parent; the parent regions' nodes are
 * {@code cdn.peers.*}.
 *
 * @param rules in order, the first that matches a request names its parent region; a rule naming
 *              this node's own region means "no parent" (the shield's own nodes fill from the
 *              origin), so every region can be given the same rules
 */
@Validated
@ConfigurationProperties("cdn.shield")
public record ShieldProperties(@Valid @NotNull @DefaultValue List<Rule> rules) {

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
