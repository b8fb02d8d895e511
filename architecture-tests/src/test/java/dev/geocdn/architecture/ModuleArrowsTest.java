package dev.geocdn.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import java.util.Arrays;
import java.util.stream.Collectors;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static dev.geocdn.architecture.GeoCdnModule.CACHE_CORE;
import static dev.geocdn.architecture.GeoCdnModule.CACHE_NODE_SERVICE;
import static dev.geocdn.architecture.GeoCdnModule.CDN_PROTOCOL;
import static dev.geocdn.architecture.GeoCdnModule.EDGE_HTTP;
import static dev.geocdn.architecture.GeoCdnModule.GATEWAY_SERVICE;
import static dev.geocdn.architecture.GeoCdnModule.HEALTH_SERVICE;
import static dev.geocdn.architecture.GeoCdnModule.INVALIDATION_SERVICE;

/**
 * The arrows between modules, over the classes of every module's main jar: a class that crosses
 * one fails the build with the rule it broke, why the rule exists, and the offending reference.
 * The pom side of the same arrows, test scope included, is {@link ModulePomArrowsTest}.
 */
@AnalyzeClasses(packages = "dev.geocdn", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleArrowsTest {

    /** What the services share beside the cache itself, named in the service rules' reasons. */
    private static final String SHARED_HOME = "what two services share goes into cdn-protocol or a small library"
            + " module (purge-bus, membership-client, edge-http), never from one service into another";

    @ArchTest
    static final ArchRule cacheCore_usesNoSpringNettyReactorKafkaOrJackson = noClasses()
            .that().resideInAPackage(CACHE_CORE.packages())
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "io.netty..", "reactor..",
                    "org.apache.kafka..", "com.fasterxml.jackson..", "tools.jackson..")
            .as("cache-core (dev.geocdn.cache) uses no Spring, Netty, Reactor, Kafka or Jackson")
            .because("the cache is pure Java, so that the services, the simulator and the benchmarks run the same"
                    + " cache, and its I/O belongs to the services that use it");

    @ArchTest
    static final ArchRule cdnProtocol_dependsOnNoOtherModule = noClasses()
            .that().resideInAPackage(CDN_PROTOCOL.packages())
            .should().dependOnClassesThat(ourModulesBut(CDN_PROTOCOL))
            .as("cdn-protocol (dev.geocdn.protocol) depends on no other GeoCDN module")
            .because("it holds the records and clocks that every service shares, so it sits below all of them,"
                    + " and whatever it used would be pulled into every service");

    @ArchTest
    static final ArchRule edgeHttp_dependsOnNoOtherModuleAndNoSpring = noClasses()
            .that().resideInAPackage(EDGE_HTTP.packages())
            .should().dependOnClassesThat(ourModulesBut(EDGE_HTTP))
            .orShould().dependOnClassesThat().resideInAPackage("org.springframework..")
            .as("edge-http (dev.geocdn.edge) depends on no other GeoCDN module and on no Spring")
            .because("it is plain Netty for every proxying service's upstream connections, whichever server and"
                    + " framework that service runs on");

    @ArchTest
    static final ArchRule invalidationService_usesNoOtherService = usesNoOtherService(INVALIDATION_SERVICE);

    @ArchTest
    static final ArchRule cacheNodeService_usesNoOtherService = usesNoOtherService(CACHE_NODE_SERVICE);

    @ArchTest
    static final ArchRule gatewayService_usesNoOtherService = usesNoOtherService(GATEWAY_SERVICE);

    @ArchTest
    static final ArchRule healthService_usesNoOtherService = usesNoOtherService(HEALTH_SERVICE);

    @ArchTest
    static final ArchRule sharedModules_useNoService = noClasses()
            .that().resideInAnyPackage(packages(GeoCdnModule.of(GeoCdnModule.Kind.SHARED)))
            .should().dependOnClassesThat().resideInAnyPackage(packages(GeoCdnModule.of(GeoCdnModule.Kind.SERVICE)))
            .as("the shared modules (" + names(GeoCdnModule.of(GeoCdnModule.Kind.SHARED)) + ") use no service")
            .because("the services are built on them, so an arrow back from them to a service would tie every"
                    + " service to that one");

    @ArchTest
    static final ArchRule tools_useNoService = noClasses()
            .that().resideInAnyPackage(packages(GeoCdnModule.of(GeoCdnModule.Kind.TOOL)))
            .should().dependOnClassesThat().resideInAnyPackage(packages(GeoCdnModule.of(GeoCdnModule.Kind.SERVICE)))
            .as("the tools (" + names(GeoCdnModule.of(GeoCdnModule.Kind.TOOL)) + ") use no service")
            .because("they stand beside the CDN: origin-mock plays the origin that services are tested against,"
                    + " local-redis runs the Redis a tier is tested against, and the simulator replays traces"
                    + " through cache-core alone; only local-cluster and the"
                    + " benchmarks put services together");

    private static ArchRule usesNoOtherService(GeoCdnModule service) {
        GeoCdnModule[] others = Arrays.stream(GeoCdnModule.of(GeoCdnModule.Kind.SERVICE))
                .filter(m -> m != service).toArray(GeoCdnModule[]::new);
        return noClasses()
                .that().resideInAPackage(service.packages())
                .should().dependOnClassesThat().resideInAnyPackage(packages(others))
                .as(service.artifactId() + " uses no other service (" + names(others) + ")")
                .because("each service is built, tested and deployed on its own; " + SHARED_HOME);
    }

    /** Classes of every GeoCDN module except {@code module}. */
    private static DescribedPredicate<JavaClass> ourModulesBut(GeoCdnModule module) {
        return resideInAPackage("dev.geocdn..").and(DescribedPredicate.not(resideInAnyPackage(module.packages())))
                .as("another GeoCDN module");
    }

    private static String[] packages(GeoCdnModule... modules) {
        return Arrays.stream(modules).map(GeoCdnModule::packages).toArray(String[]::new);
    }

    private static String names(GeoCdnModule... modules) {
        return Arrays.stream(modules).map(GeoCdnModule::artifactId).collect(Collectors.joining(", "));
    }
}
