package dev.geocdn.node.replication;

import dev.geocdn.cache.freshness.PathPattern;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import java.util.List;

/**
 * Replication between regions, under {@code cdn.replication.*}: which stored objects this node
 * offers to the owner nodes of other regions, ahead of their clients. Off (pull only) unless a
 * rule says otherwise; offers and pulls need the cluster's credential, {@code cdn.peers.secret}.
 *
 * @param rules             in order, the first that matches a stored object's host and path decides
 * @param popularThreshold  requests (in the frequency sketch, which halves its counts as it
 *                          goes) that make an object popular, for {@code push-popular}
 * @param expectedKeys      about how many objects matter at once, for the sketch's width
 * @param maxOffersInFlight offers sent and not answered yet, at most; more are dropped (counted)
 * @param maxObjectSize     larger objects are never offered: their regions fill them on demand
 * @param compressibleTypes content types (prefixes) whose bodies cross regions gzipped; others
 *                          (images, video, archives) are sent as they are
 */
@Validated
@ConfigurationProperties("cdn.replication")
public record ReplicationProperties(
        @Valid @NotNull @DefaultValue List<Rule> rules,
        @Min(1) @Max(15) @DefaultValue("8") int popularThreshold,
        @Min(16) @DefaultValue("100000") int expectedKeys,
        @Min(1) @DefaultValue("16") int maxOffersInFlight,
        @NotNull @DefaultValue("8MB") DataSize maxObjectSize,
        @NotNull @DefaultValue({"text/", "application/json", "application/javascript", "application/xml",
                "application/wasm", "image/svg+xml", "application/vnd.apple.mpegurl", "application/dash+xml"})
        List<String> compressibleTypes) {

    /** How a path's objects reach other regions. */
    public enum Mode {
        /** On demand only: each region fills what its clients ask for (the default). */
        NONE,
        /** Objects whose request frequency crosses {@code popular-threshold} are offered. */
        PUSH_POPULAR,
        /** Every object stored from the origin is offered. */
        PUSH_ALL
    }

    /**
     * One rule.
     *
     * @param paths the path pattern it covers
     * @param host  the host (as clients send it) it is limited to; empty for every host
     * @param mode  how matching objects reach other regions
     * @param peers the regions offered to; empty for every other region the membership knows
     */
    public record Rule(@NotBlank @DefaultValue("/**") String paths, @DefaultValue("") String host,
                       @NotNull Mode mode, @DefaultValue List<String> peers) {

        @AssertTrue(message = "paths must be a path pattern starting with '/' (* within one segment, ** across them)")
        public boolean isPathsPattern() {
            return PathPattern.isValid(paths); // blank: @NotBlank reports it
        }
    }

    /** Whether any rule pushes. */
    public boolean pushes() {
        return rules.stream().anyMatch(rule -> rule.mode() != Mode.NONE);
    }
}
