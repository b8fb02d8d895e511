package dev.geocdn.gateway.fastpath;

import dev.geocdn.gateway.config.GatewayProperties;
import dev.geocdn.gateway.proxy.Routing;
import dev.geocdn.tracing.HopTracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelPipeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.cloud.gateway.event.RefreshRoutesResultEvent;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.NettyPipeline;

import java.util.List;

/**
 * Installs the {@link FastPath} on the gateway's server (not the management server), and keeps
 * it standing aside while Spring Cloud Gateway has routes or route filters besides GeoCDN's own
 * route: routes added by configuration or at run time through the actuator are then served as
 * configured.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "cdn.gateway.fast-path.enabled", matchIfMissing = true)
public class FastPathConfiguration {

    private static final Logger log = LoggerFactory.getLogger(FastPathConfiguration.class);
    /** The id of GeoCDN's one route (see GatewayConfiguration). */
    public static final String ROUTE_ID = "geocdn";

    @Bean(destroyMethod = "close")
    FastPath fastPath(Routing routing, GatewayProperties properties, MeterRegistry meters, HopTracing tracing) {
        GatewayProperties.Failover failover = properties.failover();
        return new FastPath(routing, properties.fastPath().maxIdleConnections(), failover.connectTimeout(),
                failover.responseTimeout(), meters, tracing);
    }

    @Bean
    WebServerFactoryCustomizer<NettyReactiveWebServerFactory> fastPathServer(FastPath fastPath) {
        return factory -> factory.addServerCustomizers(server -> server.doOnChannelInit((observer, channel, address) -> {
            ChannelPipeline pipeline = channel.pipeline();
            if (pipeline.get(NettyPipeline.HttpCodec) != null) {
                pipeline.addAfter(NettyPipeline.HttpCodec, "geocdn.fastPath", new FastPathHandler(fastPath));
            }
        }));
    }

    /** Re-reads the routes at start-up and whenever Spring Cloud Gateway refreshes them. */
    @Bean
    ApplicationListener<ApplicationEvent> fastPathRouteWatch(FastPath fastPath, RouteLocator routes) {
        return event -> {
            if (event instanceof ApplicationReadyEvent || event instanceof RefreshRoutesResultEvent) {
                routes.getRoutes().collectList().subscribe(list -> {
                    boolean applies = onlyOwnRoute(list);
                    if (applies != fastPath.applies()) {
                        log.info(applies ? "GET and HEAD requests take the fast path"
                                : "routes besides '{}' are configured: every request takes the filter chain", ROUTE_ID);
                    }
                    fastPath.applies(applies);
                });
            }
        };
    }

    static boolean onlyOwnRoute(List<Route> routes) {
        return routes.size() == 1 && routes.get(0).getId().equals(ROUTE_ID) && routes.get(0).getFilters().isEmpty();
    }
}
