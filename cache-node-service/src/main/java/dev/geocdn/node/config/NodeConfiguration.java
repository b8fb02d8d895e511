package dev.geocdn.node.config;

import dev.geocdn.cache.purge.Tombstones;
import dev.geocdn.node.purge.PurgeProperties;
import dev.geocdn.node.peers.InterRegionTraffic;
import dev.geocdn.node.shield.Parents;
import dev.geocdn.node.shield.ShieldMetrics;
import dev.geocdn.protocol.hlc.HlcTime;
import dev.geocdn.cache.collapse.RequestCollapser;
import dev.geocdn.cache.eviction.EvictionPolicies;
import dev.geocdn.cache.freshness.CacheRules;
import dev.geocdn.cache.freshness.ConsistencyRules;
import dev.geocdn.cache.store.ResponseCache;
import dev.geocdn.node.metrics.CircuitMetrics;
import dev.geocdn.node.metrics.NodeMetrics;
import dev.geocdn.node.origin.OriginClient;
import dev.geocdn.node.peers.PeerNodes;
import dev.geocdn.node.peers.PeerProperties;
import dev.geocdn.node.proxy.ReplicaIntake;
import dev.geocdn.node.proxy.Upstream;
import dev.geocdn.node.replication.ReplicationMetrics;
import dev.geocdn.node.replication.ReplicationProperties;
import dev.geocdn.node.proxy.AccessLog;
import dev.geocdn.node.proxy.ClientFields;
import dev.geocdn.node.proxy.EarlyHints;
import dev.geocdn.node.proxy.EdgeHandler;
import dev.geocdn.node.proxy.LoopGuard;
import dev.geocdn.node.proxy.RequestHooks;
import dev.geocdn.node.proxy.Filler;
import dev.geocdn.node.proxy.HitFastPath;
import dev.geocdn.node.proxy.OverrideFields;
import dev.geocdn.node.proxy.RawHits;
import dev.geocdn.node.guard.RequestGuard;
import dev.geocdn.node.proxy.TrustedProxies;
import dev.geocdn.tracing.HopTracing;
import dev.geocdn.node.tier.ResponseTier;
import io.netty.channel.ChannelPipeline;
import reactor.netty.NettyPipeline;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import dev.geocdn.protocol.hlc.HybridLogicalClock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.time.Clock;
import java.util.List;

/**
 * Wires the node: the cache-core pieces, the origin client and the data-plane handler, which is
 * installed as a Reactor Netty route that takes every request on {@code server.port} before
 * Spring's own handler would. The actuator lives on {@code management.server.port}, in its own
 * server, so health and metrics never share a path space with content.
 */
@Configuration(proxyBeanMethods = false)
public class NodeConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    CacheRules cacheRules(NodeProperties properties) {
        NodeProperties.Cache cache = properties.cache();
        return new CacheRules(cache.targetedFields(), 0.1, cache.maxHeuristicLifetime(), cache.storeSetCookie(),
                cache.honorRequestNoCache());
    }

    /** Consistency per path, in configuration order (validated in {@link NodeProperties.ConsistencyRule}). */
    @Bean
    ConsistencyRules consistencyRules(NodeProperties properties) {
        return new ConsistencyRules(properties.consistency().rules().stream()
                .map(NodeProperties.ConsistencyRule::toRule)
                .toList());
    }

    @Bean
    ResponseCache responseCache(NodeProperties properties, PurgeProperties purge) {
        NodeProperties.Cache cache = properties.cache();
        return new ResponseCache(EvictionPolicies.byName(cache.policy()), cache.maxBytes().toBytes(),
                cache.maxObjectSize().toBytes(), Tombstones.DEFAULT_MAX,
                HlcTime.of(purge.tombstoneRetention().toMillis(), 0));
    }

    @Bean(destroyMethod = "close")
    OriginClient originClient(NodeProperties properties, ObjectProvider<ReactorResourceFactory> reactorResources,
                              HopTracing tracing, MeterRegistry meters) {
        OriginClient origin = new OriginClient(properties.origin(), "origin", false, NodeLoops.of(reactorResources),
                tracing);
        CircuitMetrics.register(meters, origin.breaker());
        return origin;
    }

    /*
     * JVM heap, direct buffers, GC, threads and CPU, which operators read beside the cache's own
     * metrics. Declared as beans of their own types: Spring Boot binds every MeterBinder bean,
     * and its JVM metrics auto-configuration (present on some classpaths, e.g. the local world's)
     * backs off for each type already defined, so nothing is registered twice.
     */
    @Bean
    JvmMemoryMetrics jvmMemoryMetrics() {
        return new JvmMemoryMetrics();
    }

    @Bean
    JvmThreadMetrics jvmThreadMetrics() {
        return new JvmThreadMetrics();
    }

    @Bean
    ClassLoaderMetrics classLoaderMetrics() {
        return new ClassLoaderMetrics();
    }

    @Bean
    ProcessorMetrics processorMetrics() {
        return new ProcessorMetrics();
    }

    /** Closed with the context: it listens to GC notifications. */
    @Bean(destroyMethod = "close")
    JvmGcMetrics jvmGcMetrics() {
        return new JvmGcMetrics();
    }

    @Bean
    NodeMetrics nodeMetrics(MeterRegistry registry, ResponseCache cache) {
        return new NodeMetrics(registry, cache);
    }

    @Bean(destroyMethod = "close")
    AccessLog accessLog(NodeProperties properties) {
        return AccessLog.open(properties.edge().accessLog());
    }

    @Bean(destroyMethod = "close")
    BodyMemory bodyMemory(NodeProperties properties) {
        return BodyMemory.of(properties.cache());
    }

    @Bean
    EdgeHandler edgeHandler(NodeProperties properties, ResponseCache cache, OriginClient origin, CacheRules rules,
                            ConsistencyRules consistency, Clock clock, NodeMetrics metrics, AccessLog accessLog,
                            BodyMemory memory, HybridLogicalClock hlc, ResponseTier tier,
                            List<RequestHooks> hooks, Parents parents, InterRegionTraffic traffic,
                            ShieldMetrics shieldMetrics, PeerProperties peerProperties, PeerNodes peers,
                            ReplicationProperties replication, ReplicationMetrics replicationMetrics,
                            HopTracing tracing) {
        RequestHooks requestHooks = RequestHooks.all(hooks);
        if (memory.allocator() != null) {
            metrics.bindOffHeap(memory.allocator());
        }
        Upstream upstream = new Upstream(origin, parents, cache, metrics, traffic, shieldMetrics,
                properties.edge().cdnId(), properties.region());
        Filler filler = new Filler(upstream, cache, rules, consistency, clock, properties.nodeId(),
                memory.allocator(), hlc, tier, requestHooks, tracing);
        ClientFields clientFields = ClientFields.stripping(properties.edge().stripResponseFields());
        return new EdgeHandler(cache, new RequestCollapser<>(properties.collapse().maxWaiters()), filler, origin,
                rules, consistency, clock, metrics, properties.nodeId(), properties.collapse().timeout(), accessLog,
                TrustedProxies.of(properties.edge().trustedProxies()), clientFields,
                new EarlyHints(properties.edge().earlyHints(), clientFields),
                OverrideFields.stripping(properties.edge().stripRequestFields()), properties.cache().rangeFill(),
                requestHooks, new LoopGuard(properties.edge().cdnId(), properties.edge().maxLoops()),
                new ReplicaIntake(peerProperties.secret(), cache, rules, peers, memory.allocator(), hlc, traffic,
                        replicationMetrics, replication.compressibleTypes(), clock), tracing, properties.region());
    }

    @Bean
    WebServerFactoryCustomizer<NettyReactiveWebServerFactory> dataPlane(EdgeHandler handler, NodeProperties properties,
                                                                        Environment environment, ResponseCache cache,
                                                                        CacheRules rules,
                                                                        ConsistencyRules consistency, Clock clock,
                                                                        NodeMetrics metrics, AccessLog accessLog,
                                                                        List<RequestHooks> hooks, HopTracing tracing) {
        RequestHooks requestHooks = RequestHooks.all(hooks);
        requireSeparateManagementPort(environment);
        int maxHeader = (int) properties.edge().maxHeaderSize().toBytes();
        int maxLine = (int) properties.edge().maxInitialLineLength().toBytes();
        HitFastPath.Shared fastPath = new HitFastPath.Shared(cache, rules, consistency, clock, metrics, accessLog,
                properties.nodeId(), TrustedProxies.of(properties.edge().trustedProxies()),
                ClientFields.stripping(properties.edge().stripResponseFields()), requestHooks, tracing,
                properties.region());
        boolean fastPathOn = properties.edge().fastPath();
        NodeProperties.Edge edge = properties.edge();
        return factory -> {
            factory.addServerCustomizers(server -> server.httpRequestDecoder(spec -> spec
                            .maxHeaderSize(maxHeader)
                            .maxInitialLineLength(maxLine)
                            .validateHeaders(true))
                    .maxKeepAliveRequests(edge.maxKeepAliveRequests())
                    .doOnChannelInit((observer, channel, remoteAddress) -> {
                        ChannelPipeline pipeline = channel.pipeline();
                        if (pipeline.get(NettyPipeline.HttpCodec) == null) {
                            return;
                        }
                        if (fastPathOn) {
                            pipeline.addAfter(NettyPipeline.HttpCodec, "geocdn.hitFastPath", new HitFastPath(fastPath));
                        }
                        // ahead of the fast path: a refused head is answered by nothing else
                        RequestGuard guard = RequestGuard.install(pipeline, NettyPipeline.HttpCodec,
                                edge.requestHeadTimeout(), edge.keepAliveTimeout(), edge.maxHeaderFields());
                        if (fastPathOn) {
                            // plain hits from the bytes, before the codec; the rest reaches it whole
                            RawHits raw = new RawHits(fastPath, guard, maxHeader + maxLine);
                            pipeline.addBefore(NettyPipeline.HttpCodec, RawHits.NAME, raw);
                            pipeline.addAfter(NettyPipeline.HttpCodec, RawHits.WATCH_NAME, raw.watch());
                        }
                    }));
            factory.addRouteProviders(routes -> routes.route(request -> true, handler));
        };
    }

    private static void requireSeparateManagementPort(Environment environment) {
        Integer serverPort = environment.getProperty("server.port", Integer.class, 8080);
        Integer managementPort = environment.getProperty("management.server.port", Integer.class);
        if (managementPort == null || (managementPort != 0 && managementPort.equals(serverPort))) {
            throw new IllegalStateException("management.server.port must be set and differ from server.port: "
                    + "the node serves content on every path of server.port, so health and metrics need their own port");
        }
    }
}
