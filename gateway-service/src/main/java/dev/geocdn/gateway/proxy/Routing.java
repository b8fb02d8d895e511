package dev.geocdn.gateway.proxy;

import dev.geocdn.gateway.latency.EmulatedRtt;
import dev.geocdn.gateway.metrics.GatewayMetrics;
import dev.geocdn.gateway.routing.geo.ClientInfo;
import dev.geocdn.gateway.routing.geo.ClientLocator;
import dev.geocdn.gateway.routing.geo.Placement;
import dev.geocdn.gateway.routing.plan.Hop;
import dev.geocdn.gateway.routing.plan.RoutePlanner;
import dev.geocdn.membership.MembershipView;
import dev.geocdn.protocol.http.CacheStatus;

import java.util.List;

/**
 * What both forwarding paths decide with, so that they decide alike: where a client is placed,
 * which targets a key's plan names, the breakers and metrics they share, the access log.
 *
 * @param ownStatus this gateway's Cache-Status entry: it forwards everything and stores nothing
 *                  (RFC 9211 section 2.2)
 */
public record Routing(CacheStatus ownStatus, RegionChoice regionChoice, MembershipView membership,
                      RoutePlanner planner, TargetBreakers breakers, ClientInfoReader clients,
                      EmulatedRtt emulatedRtt, GatewayMetrics metrics, AccessLog accessLog) {

    /** How this gateway finds the client's region. */
    public sealed interface RegionChoice {
        /** A regional gateway: clients came here by DNS, so they are this region's. */
        record Home(String region, Placement placement) implements RegionChoice {
            public Home(String region) {
                this(region, new Placement(region, "home", ""));
            }
        }

        /** The global entry gateway: geo sources decide. */
        record Located(ClientLocator locator) implements RegionChoice {
        }
    }

    public static Routing of(String gatewayId, RegionChoice regionChoice, MembershipView membership,
                             RoutePlanner planner, TargetBreakers breakers, ClientInfoReader clients,
                             EmulatedRtt emulatedRtt, GatewayMetrics metrics, AccessLog accessLog) {
        return new Routing(CacheStatus.forward(gatewayId, CacheStatus.Fwd.BYPASS), regionChoice, membership, planner,
                breakers, clients, emulatedRtt, metrics, accessLog);
    }

    /** Where the client goes: its home region on a regional gateway, else what the geo sources say (counted). */
    public Placement place(ClientInfo client) {
        return switch (regionChoice) {
            case RegionChoice.Home home -> home.placement();
            case RegionChoice.Located located -> {
                Placement placement = located.locator().place(client);
                metrics.placed(placement);
                yield placement;
            }
        };
    }

    /** The targets for {@code cacheKey}, first choice first; empty when no healthy region is left. */
    public List<Hop> plan(Placement placement, String cacheKey) {
        return planner.plan(membership.current(), placement.region(), cacheKey);
    }
}
