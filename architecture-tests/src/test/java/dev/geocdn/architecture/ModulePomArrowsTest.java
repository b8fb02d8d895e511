package dev.geocdn.architecture;

import dev.geocdn.architecture.GeoCdnModule.Kind;
import dev.geocdn.architecture.ReactorPoms.Dependency;
import dev.geocdn.architecture.ReactorPoms.ModulePom;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The arrows between modules where Maven sees them: in every module's pom.xml, test scope
 * included. The class rules ({@link ModuleArrowsTest}) cannot see a test-scope arrow, yet one
 * service's tests on another service's jar still tie the two builds together, and are where
 * copied fixtures and shared assumptions start.
 */
class ModulePomArrowsTest {

    private static final List<ModulePom> MODULES = ReactorPoms.read();

    @Test
    void everyModuleOfTheReactor_hasItsPlaceInTheArrows() {
        assertNoViolations(MODULES.stream().filter(m -> module(m).isEmpty())
                .map(m -> m.directory() + " (artifact " + m.artifactId() + ") is a module of the reactor but not of"
                        + " GeoCdnModule, so no arrow rule covers it: give it its package and kind there.")
                .toList());
    }

    @Test
    void noServicePom_dependsOnAnotherService_inAnyScope() {
        assertNoViolations(violations(m -> m.kind() == Kind.SERVICE, ModulePomArrowsTest::isService,
                "no service depends on another service, in any scope, because each service is built, tested and"
                        + " deployed on its own; a service's tests talk to origin-mock or to a stand-in of the"
                        + " other service's wire format, and what two services share goes into cdn-protocol or a"
                        + " small library module"));
    }

    @Test
    void sharedAndToolPoms_dependOnNoService_inAnyScope() {
        assertNoViolations(violations(m -> m.kind() == Kind.SHARED || m.kind() == Kind.TOOL,
                ModulePomArrowsTest::isService,
                "the shared modules and the tools depend on no service, in any scope, because the services are"
                        + " built on them (or tested against them), and only local-cluster and the benchmarks put"
                        + " services together"));
    }

    @Test
    void cdnProtocolAndEdgeHttpPoms_nameNoGeoCdnArtifact() {
        assertNoViolations(violations(m -> m == GeoCdnModule.CDN_PROTOCOL || m == GeoCdnModule.EDGE_HTTP,
                Dependency::isOurs,
                "cdn-protocol and edge-http depend on no GeoCDN module, in any scope, because every service"
                        + " builds on them: cdn-protocol holds the shared records and clocks, edge-http the Netty"
                        + " pieces of upstream connections, and each stays free of the modules above it"));
    }

    /** Each dependency that {@code forbidden} matches in the poms of the modules {@code of} picks, as a sentence. */
    private static List<String> violations(Predicate<GeoCdnModule> of, Predicate<Dependency> forbidden, String why) {
        List<String> found = new ArrayList<>();
        for (ModulePom pom : MODULES) {
            if (module(pom).filter(of).isPresent()) {
                pom.dependencies().stream().filter(forbidden)
                        .forEach(d -> found.add(pom.directory() + "/pom.xml depends on " + d + ", but " + why + "."));
            }
        }
        return found;
    }

    private static boolean isService(Dependency dependency) {
        return dependency.isOurs() && GeoCdnModule.byArtifactId(dependency.artifactId())
                .map(m -> m.kind() == Kind.SERVICE).orElse(false);
    }

    private static Optional<GeoCdnModule> module(ModulePom pom) {
        return GeoCdnModule.byArtifactId(pom.artifactId());
    }

    private static void assertNoViolations(List<String> violations) {
        assertThat(violations).withFailMessage(() -> String.join(System.lineSeparator(), violations)).isEmpty();
    }
}
