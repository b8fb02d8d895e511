package dev.geocdn.architecture;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every module of the reactor, with the package its classes live in and its place in the arrows
 * between modules (CONTRIBUTING.md, "Modules and the arrows between them"). Both the class-level
 * rules and the pom rules read the arrows from here, so that they cannot disagree.
 */
enum GeoCdnModule {

    CACHE_CORE("cache-core", "dev.geocdn.cache", Kind.SHARED),
    CDN_PROTOCOL("cdn-protocol", "dev.geocdn.protocol", Kind.SHARED),
    EDGE_HTTP("edge-http", "dev.geocdn.edge", Kind.SHARED),
    PURGE_BUS("purge-bus", "dev.geocdn.purgebus", Kind.SHARED),
    MEMBERSHIP_CLIENT("membership-client", "dev.geocdn.membership", Kind.SHARED),
    SERVICE_METRICS("service-metrics", "dev.geocdn.metrics", Kind.SHARED),
    SERVICE_TRACING("service-tracing", "dev.geocdn.tracing", Kind.SHARED),
    INVALIDATION_SERVICE("invalidation-service", "dev.geocdn.invalidation", Kind.SERVICE),
    CACHE_NODE_SERVICE("cache-node-service", "dev.geocdn.node", Kind.SERVICE),
    GATEWAY_SERVICE("gateway-service", "dev.geocdn.gateway", Kind.SERVICE),
    HEALTH_SERVICE("health-service", "dev.geocdn.health", Kind.SERVICE),
    ORIGIN_MOCK("origin-mock", "dev.geocdn.origin", Kind.TOOL),
    LOCAL_REDIS("local-redis", "dev.geocdn.localredis", Kind.TOOL),
    CACHE_SIMULATOR("cache-simulator", "dev.geocdn.simulator", Kind.TOOL),
    LOCAL_CLUSTER("local-cluster", "dev.geocdn.local", Kind.ASSEMBLY),
    BENCHMARKS("benchmarks", "dev.geocdn.bench", Kind.ASSEMBLY),
    ARCHITECTURE_TESTS("architecture-tests", "dev.geocdn.architecture", Kind.ASSEMBLY),
    DEPLOYMENT_TESTS("deployment-tests", "dev.geocdn.deployment", Kind.ASSEMBLY);

    /** Where a module stands in the arrows. */
    enum Kind {
        /** Libraries the services share: they depend on no service. */
        SHARED,
        /** A deployable service: it depends on no other service, in any scope. */
        SERVICE,
        /** A tool beside the CDN (origin stand-in, a local Redis, simulator): it depends on no service. */
        TOOL,
        /** Puts services together (the local world, benchmarks, these checks): it may use every module. */
        ASSEMBLY
    }

    /** The Maven group of every module. */
    static final String GROUP_ID = "dev.geocdn";

    private final String artifactId;
    private final String rootPackage;
    private final Kind kind;

    GeoCdnModule(String artifactId, String rootPackage, Kind kind) {
        this.artifactId = artifactId;
        this.rootPackage = rootPackage;
        this.kind = kind;
    }

    String artifactId() {
        return artifactId;
    }

    /** The module's packages as an ArchUnit package pattern, e.g. {@code dev.geocdn.cache..}. */
    String packages() {
        return rootPackage + "..";
    }

    Kind kind() {
        return kind;
    }

    /** The module whose directory and artifact is {@code artifactId}, if it is one of ours. */
    static Optional<GeoCdnModule> byArtifactId(String artifactId) {
        return Arrays.stream(values()).filter(m -> m.artifactId.equals(artifactId)).findFirst();
    }

    /** The modules of one kind. */
    static GeoCdnModule[] of(Kind kind) {
        return Arrays.stream(values()).filter(m -> m.kind == kind).toArray(GeoCdnModule[]::new);
    }
}
