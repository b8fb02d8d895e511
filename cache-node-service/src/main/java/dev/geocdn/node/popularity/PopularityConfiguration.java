package dev.geocdn.node.popularity;

import dev.geocdn.node.config.NodeProperties;
import dev.geocdn.node.proxy.EdgeHandler;
import dev.geocdn.node.proxy.RequestHooks;
import dev.geocdn.node.tier.TierConfiguration;
import dev.geocdn.node.tier.TierProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

import java.time.Duration;

/**
 * Wires the popularity record and the hot set's pre-load, when the node has a tier and
 * {@code cdn.tier.redis.popularity.interval} is not zero.
 */
@Configuration(proxyBeanMethods = false)
public class PopularityConfiguration {

    /** The record, or {@link RequestHooks#NONE}; its interval's writes stop with the context. */
    @Bean
    RequestHooks popularityHooks(TierProperties properties, TierConfiguration.TierConnection connection,
                                 NodeProperties node) {
        TierProperties.Redis redis = properties.redis();
        if (connection.factory() == null || redis.popularity().interval().isZero()) {
            return RequestHooks.NONE;
        }
        return new PopularityRecord(connection.template(), redis.popularity(),
                redis.keyPrefix() + "popular:" + node.nodeId(), redis.purgeTimeout());
    }

    /** Writes the record every interval, from a Reactor timer thread. */
    @Bean(destroyMethod = "dispose")
    Disposable popularityWrites(RequestHooks popularityHooks, TierProperties properties) {
        if (!(popularityHooks instanceof PopularityRecord record)) {
            return () -> { };
        }
        Duration interval = properties.redis().popularity().interval();
        return Flux.interval(interval, interval).concatMap(tick -> record.flush(), 1).subscribe();
    }

    /** The pre-load, started once the node serves. */
    @Bean(destroyMethod = "close")
    HotSetPreload hotSetPreload(RequestHooks popularityHooks, TierProperties properties,
                                ObjectProvider<EdgeHandler> edge, MeterRegistry registry) {
        int count = popularityHooks instanceof PopularityRecord ? properties.redis().popularity().preload() : 0;
        return new HotSetPreload(count > 0 ? (PopularityRecord) popularityHooks : null, edge, count, registry);
    }

    @Bean
    ApplicationListener<ApplicationReadyEvent> hotSetPreloadStarter(HotSetPreload preload) {
        return event -> preload.start();
    }
}
