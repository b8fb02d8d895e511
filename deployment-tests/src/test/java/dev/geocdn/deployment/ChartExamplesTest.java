package dev.geocdn.deployment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every example in helm/examples, through real Helm: it lints (strict), renders, and what it
 * renders is valid Kubernetes (strictly parsed) and keeps the chart's promises: every container
 * probed on its management port, with requests and limits, non-root on a read-only root with no
 * privilege escalation and no capabilities; budgets and autoscalers for the nodes and gateways;
 * every selector matching the labels of what it selects; network policies; a node's memory sized
 * from the cache it holds, as the node checks it at start.
 */
class ChartExamplesTest {

    private static final ObjectMapper YAML = new YAMLMapper();

    static Stream<Path> examples() {
        List<Path> examples = Chart.examples();
        assertThat(examples).as("helm/examples").hasSizeGreaterThanOrEqualTo(3);
        return examples.stream();
    }

    private record Workload(String name, PodTemplateSpec template, Map<String, String> selector) {
    }

    private static List<Workload> workloads(List<HasMetadata> objects) {
        Stream<Workload> deployments = Manifests.of(objects, Deployment.class).stream().map(d ->
                new Workload(d.getMetadata().getName(), d.getSpec().getTemplate(), d.getSpec().getSelector().getMatchLabels()));
        Stream<Workload> statefulSets = Manifests.of(objects, StatefulSet.class).stream().map(s ->
                new Workload(s.getMetadata().getName(), s.getSpec().getTemplate(), s.getSpec().getSelector().getMatchLabels()));
        return Stream.concat(deployments, statefulSets).toList();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void lintsStrictly(Path example) throws Exception {
        LintResult lint = Chart.shipped().lint(example);
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void rendersValidManifestsThatKeepTheChartsPromises(Path example) throws Exception {
        List<HasMetadata> objects = Manifests.parse(Chart.shipped().render("geocdn", example));
        keepsThePromises(objects);
        nodeMemoryHoldsItsCache(objects, example);
    }

    /** What every rendering of the chart must be: see the class comment. Fails with an assertion naming what is not. */
    static void keepsThePromises(List<HasMetadata> objects) {
        List<Workload> workloads = workloads(objects);
        assertThat(workloads).extracting(Workload::name).contains("geocdn-node", "geocdn-gateway");

        for (Workload workload : workloads) {
            assertThat(workload.template().getMetadata().getLabels()).as(workload.name() + "'s pods carry its selector")
                    .containsAllEntriesOf(workload.selector());
            assertThat(workload.template().getSpec().getAutomountServiceAccountToken()).isFalse();
            for (Container container : workload.template().getSpec().getContainers()) {
                String what = workload.name() + "/" + container.getName();
                assertThat(Arrays.asList(container.getStartupProbe(), container.getReadinessProbe(), container.getLivenessProbe()))
                        .as(what + " probes").allSatisfy(probe -> {
                            assertThat(probe).isNotNull();
                            assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("management");
                        });
                assertThat(container.getResources().getLimits()).as(what + " limits").containsKeys("cpu", "memory");
                assertThat(container.getResources().getRequests()).as(what + " requests").containsKeys("cpu", "memory");
                var security = container.getSecurityContext();
                assertThat(security.getRunAsNonRoot()).as(what + " non-root").isTrue();
                assertThat(security.getReadOnlyRootFilesystem()).as(what + " read-only root").isTrue();
                assertThat(security.getAllowPrivilegeEscalation()).as(what + " no escalation").isFalse();
                assertThat(security.getCapabilities().getDrop()).as(what + " capabilities").containsExactly("ALL");
            }
        }
        for (Service service : Manifests.of(objects, Service.class)) {
            assertThat(workloads).as(service.getMetadata().getName() + " selects a workload").anySatisfy(w ->
                    assertThat(w.template().getMetadata().getLabels()).containsAllEntriesOf(service.getSpec().getSelector()));
        }
        List<PodDisruptionBudget> budgets = Manifests.of(objects, PodDisruptionBudget.class);
        List<HorizontalPodAutoscaler> autoscalers = Manifests.of(objects, HorizontalPodAutoscaler.class);
        for (String name : List.of("geocdn-node", "geocdn-gateway")) {
            Workload workload = workloads.stream().filter(w -> w.name().equals(name)).findFirst().orElseThrow();
            assertThat(budgets).as(name + "'s disruption budget").anySatisfy(b ->
                    assertThat(workload.template().getMetadata().getLabels())
                            .containsAllEntriesOf(b.getSpec().getSelector().getMatchLabels()));
            assertThat(autoscalers).as(name + "'s autoscaler")
                    .anySatisfy(h -> assertThat(h.getSpec().getScaleTargetRef().getName()).isEqualTo(name));
        }
        assertThat(Manifests.of(objects, NetworkPolicy.class)).isNotEmpty();
    }

    /**
     * The node's container: -XX:MaxDirectMemorySize holds cdn.cache.max-bytes with the node's own
     * headroom (an eighth, at least 32 MB, plus 64 MB: BodyMemory refuses to start otherwise), and
     * the memory limit holds the heap and direct memory.
     */
    @SuppressWarnings("unchecked")
    private static void nodeMemoryHoldsItsCache(List<HasMetadata> objects, Path example) throws Exception {
        Map<String, Object> values = YAML.readValue(example.toFile(), Map.class);
        int cacheMiB = (Integer) ((Map<String, Object>) values.get("node")).get("cacheMaxMiB");
        StatefulSet node = Manifests.of(objects, StatefulSet.class).get(0);
        Container container = node.getSpec().getTemplate().getSpec().getContainers().get(0);
        String options = container.getEnv().stream().filter(e -> e.getName().equals("JAVA_TOOL_OPTIONS"))
                .findFirst().orElseThrow().getValue();
        long directMiB = Long.parseLong(options.replaceAll(".*-XX:MaxDirectMemorySize=(\\d+)m.*", "$1"));
        long heapMiB = Long.parseLong(options.replaceAll(".*-Xmx(\\d+)m.*", "$1"));
        assertThat(directMiB).isGreaterThanOrEqualTo(cacheMiB + Math.max(32, cacheMiB / 8) + 64);
        String limit = container.getResources().getLimits().get("memory").toString();
        assertThat(limit).endsWith("Mi");
        assertThat(Long.parseLong(limit.replace("Mi", ""))).isGreaterThan(directMiB + heapMiB);

        ConfigMap config = Manifests.of(objects, ConfigMap.class).stream()
                .filter(c -> c.getMetadata().getName().equals("geocdn-node")).findFirst().orElseThrow();
        Map<String, Object> application = YAML.readValue(config.getData().get("application.yaml"), LinkedHashMap.class);
        Map<String, Object> cdn = (Map<String, Object>) application.get("cdn");
        assertThat(((Map<String, Object>) cdn.get("cache")).get("max-bytes")).isEqualTo(cacheMiB + "MB");
        assertThat(cdn.get("region")).isEqualTo(values.get("region"));
    }
}
