package dev.geocdn.deployment;

import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each check of the deployment path fails on a broken input, so that a green suite means the
 * chart is right and not that the checks look away: a wrong value is refused by the chart's
 * schema with its path, a broken template fails lint, a field Kubernetes does not know fails
 * the strict parse, and a container without probes fails the chart's promises.
 */
class BrokenInputsTest {

    private static final Path US_EAST = Chart.EXAMPLES.resolve("us-east.yaml");

    @Test
    void aWrongValue_isRefusedWithItsPath(@TempDir Path dir) throws Exception {
        Path values = dir.resolve("wrong.yaml");
        Files.writeString(values, Files.readString(US_EAST).replace("cacheMaxMiB: 8192", "cacheMaxMiB: lots"));
        assertThatThrownBy(() -> Chart.shipped().render("geocdn", values)).hasMessageContaining("cacheMaxMiB");

        Path noRegion = dir.resolve("no-region.yaml");
        Files.writeString(noRegion, Files.readString(US_EAST).replace("region: us-east", "region: US East"));
        assertThatThrownBy(() -> Chart.shipped().render("geocdn", noRegion)).hasMessageContaining("region");

        Path badShield = dir.resolve("bad-shield.yaml");
        Files.writeString(badShield, Files.readString(US_EAST).replace("# us-east is the shield", "shield: mars\n#"));
        assertThatThrownBy(() -> Chart.shipped().render("geocdn", badShield))
                .hasMessageContaining("shield \"mars\" is neither this region nor one of otherRegions");
    }

    @Test
    void aBrokenTemplate_failsLint(@TempDir Path dir) throws Exception {
        Chart broken = Chart.copyOf(dir.resolve("geocdn"));
        Path template = broken.home().resolve("templates/node-service.yaml");
        Files.writeString(template, Files.readString(template).replace("{{ .Values.node.port }}", "{{ .Values.node.port"));
        LintResult lint = broken.lint(US_EAST);
        assertThat(lint.isFailed()).isTrue();
        assertThat(String.join("\n", lint.getMessages())).contains("node-service.yaml");
    }

    @Test
    void aFieldKubernetesDoesNotKnow_failsTheStrictParse() throws Exception {
        String rendered = Chart.shipped().render("geocdn", US_EAST);
        assertThat(Manifests.parse(rendered)).isNotEmpty();
        String misspelt = rendered.replace("  serviceName: geocdn-node", "  serviceName: geocdn-node\n  replica: 3");
        assertThatThrownBy(() -> Manifests.parse(misspelt)).hasMessageContaining("replica");
        String unknownKind = rendered + "\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: stray\n";
        assertThatThrownBy(() -> Manifests.parse(unknownKind)).hasMessageContaining("unexpected kind v1/Pod");
    }

    @Test
    void aPropertyTheServiceDoesNotKnow_failsTheBinding(@TempDir Path dir) throws Exception {
        Path values = dir.resolve("misspelt.yaml");
        Files.writeString(values, "gateway:\n  config:\n    cdn:\n      gateway:\n        failover:\n          respons-timeout: 2s\n");
        List<HasMetadata> objects = Manifests.parse(Chart.shipped().render("geocdn", US_EAST, values));
        assertThatThrownBy(() -> RenderedConfigurationTest.bindsIntoTheServices(objects))
                .hasStackTraceContaining("respons-timeout");

        Path wrongType = dir.resolve("wrong-type.yaml");
        Files.writeString(wrongType, "node:\n  config:\n    cdn:\n      collapse:\n        timeout: soon\n");
        List<HasMetadata> wrong = Manifests.parse(Chart.shipped().render("geocdn", US_EAST, wrongType));
        assertThatThrownBy(() -> RenderedConfigurationTest.bindsIntoTheServices(wrong))
                .hasStackTraceContaining("cdn.collapse.timeout");
    }

    @Test
    void aContainerWithoutProbes_breaksThePromises() throws Exception {
        List<HasMetadata> objects = Manifests.parse(Chart.shipped().render("geocdn", US_EAST));
        ChartExamplesTest.keepsThePromises(objects);
        Manifests.of(objects, StatefulSet.class).get(0).getSpec().getTemplate().getSpec().getContainers().get(0)
                .setReadinessProbe(null);
        assertThatThrownBy(() -> ChartExamplesTest.keepsThePromises(objects)).hasMessageContaining("probes");
    }

    @Test
    void withThePrometheusOperator_rulesMonitorsAndDashboardsAreValid(@TempDir Path dir) throws Exception {
        Path values = dir.resolve("monitoring.yaml");
        Files.writeString(values, "monitoring:\n  enabled: true\n");
        List<HasMetadata> objects = Manifests.parse(Chart.shipped().render("geocdn", US_EAST, values));
        assertThat(Manifests.of(objects, ServiceMonitor.class)).singleElement()
                .satisfies(m -> assertThat(m.getSpec().getEndpoints().get(0).getPort()).isEqualTo("management"));
        assertThat(Manifests.of(objects, PrometheusRule.class)).singleElement()
                .satisfies(r -> assertThat(r.getSpec().getGroups()).isNotEmpty());
        assertThat(objects).filteredOn(o -> o.getMetadata().getName().startsWith("geocdn-dashboard-"))
                .extracting(o -> o.getMetadata().getName())
                .containsExactlyInAnyOrder("geocdn-dashboard-overview", "geocdn-dashboard-region", "geocdn-dashboard-node");
    }
}
