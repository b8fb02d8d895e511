package dev.geocdn.node.peers;

import dev.geocdn.node.config.NodeProperties;
import dev.geocdn.protocol.topology.Membership;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * The other regions' nodes, under {@code cdn.peers.*}: whom this node asks for a fill (tiered
 * fill) and offers copies to (replication), and how.
 *
 * @param regions          other regions' nodes (same shape as {@code cdn.gateway.regions}), all
 *                         taken to be up until the health service says otherwise
 * @param healthServiceUrl the health service, whose membership stream says which nodes are up
 *                         (and names them when {@code regions} does not)
 * @param connectTimeout   how long to wait for a connection to another region's node
 * @param responseTimeout  the longest silence allowed from it before it is given up on
 * @param maxConnections   connections per node
 * @param breaker          per node: one that keeps failing is skipped for a while, untried
 * @param secret           the cluster's own credential, which replication offers and pulls carry
 *                         ({@code Authorization: Bearer}) and this node requires of them; unset:
 *                         the node neither sends nor accepts any
 */
@Validated
@ConfigurationProperties("cdn.peers")
public record PeerProperties(
        @NotNull @DefaultValue Map<String, Membership.RegionSpec> regions,
        URI healthServiceUrl,
        @DurationMin(inclusive = false) @DefaultValue("1s") Duration connectTimeout,
        @DurationMin(inclusive = false) @DefaultValue("10s") Duration responseTimeout,
        @Min(1) @DefaultValue("256") int maxConnections,
        @Valid @NotNull @DefaultValue NodeProperties.Breaker breaker,
        String secret) {

    /** Whether the nodes of {@code region} can be known: listed, or learnt from the health service. */
    public boolean knows(String region) {
        return healthServiceUrl != null || regions.containsKey(region);
    }
}
