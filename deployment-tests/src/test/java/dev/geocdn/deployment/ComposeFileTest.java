package dev.geocdn.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml at the repository root: valid by Compose's own validation
 * ({@code docker-compose config -q}, Debian's docker-compose, which .ci/run installs; no Docker
 * engine is needed for it), and consistent with the rest of GeoCDN: the images are the ones the
 * Helm chart runs, every address a service is given names a service of the file on the port it
 * listens on, Prometheus scrapes every management port, and the published ports are the ones
 * docs/deployment.md lists. A broken file fails the same validation.
 */
class ComposeFileTest {

    private static final Path COMPOSE = Path.of("..", "docker-compose.yml").toAbsolutePath().normalize();
    private static final Pattern ADDRESS = Pattern.compile("^--[^=]+=(?:https?|redis)://([a-z0-9-]+):(\\d+)");
    private static final Pattern BOOTSTRAP = Pattern.compile("bootstrap-servers=([a-z0-9-]+):(\\d+)$");

    private record Validation(int exit, String output) {
    }

    /** {@code docker-compose -f file config -q}: Compose's validation; its messages on either stream. */
    private static Validation validate(Path file) throws IOException, InterruptedException {
        return compose(file, true, "config", "-q");
    }

    /** {@code docker-compose -f file <args>}: its exit status and output (standard error too when {@code withErrors}). */
    private static Validation compose(Path file, boolean withErrors, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("docker-compose", "-f", file.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        if (withErrors) {
            builder.redirectErrorStream(true);
        } else {
            builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        }
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes()); // to its end: it cannot block on a full pipe
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("docker-compose finished in 60 s").isTrue();
        return new Validation(process.exitValue(), output);
    }

    @Test
    void composeAcceptsTheFile() throws Exception {
        Validation validation = validate(COMPOSE);
        assertThat(validation.exit()).as(validation.output()).isZero();
    }

    @Test
    void composeRefusesABrokenFile(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("docker-compose.yml");
        Files.writeString(broken, Files.readString(COMPOSE).replace("    ports: [\"8080:8080\"]", "    portz: [\"8080:8080\"]"));
        Validation validation = validate(broken);
        assertThat(validation.exit()).isNotZero();
        assertThat(validation.output()).contains("portz");
    }

    @Test
    void theFileAgreesWithTheImagesPortsAndAddressesGeoCdnUses() throws Exception {
        // the file as Compose reads it: anchors merged, variables at their defaults, ports in long form
        Validation resolved = compose(COMPOSE, false, "config");
        assertThat(resolved.exit()).isZero();
        JsonNode services = new YAMLMapper().readTree(resolved.output()).path("services");
        Map<String, Integer> listening = new TreeMap<>(Map.of("kafka", 9092, "origin", 9000));
        Set<String> images = new TreeSet<>();
        List<String> addresses = new ArrayList<>();
        for (var entry : (Iterable<Map.Entry<String, JsonNode>>) services::fields) {
            String name = entry.getKey();
            JsonNode service = entry.getValue();
            String image = service.path("image").asText();
            if (name.startsWith("redis-")) {
                listening.put(name, 6379);
            }
            if (!image.contains("/geocdn-")) {
                continue;
            }
            images.add(Manifests.imageName(image));
            for (JsonNode arg : service.path("command")) {
                addresses.add(name + " " + arg.asText());
                if (arg.asText().equals("--server.port=8080")) {
                    listening.put(name, 8080);
                }
            }
            if (!name.equals("origin")) {
                assertThat(service.path("user").asText()).as(name + " runs as the chart's user").isEqualTo("65532:65532");
                assertThat(service.path("read_only").asBoolean()).as(name + " read-only").isTrue();
                assertThat(service.path("healthcheck").path("test").toString()).as(name).contains("9080");
            }
        }
        assertThat(images).containsAll(chartImages());

        for (String line : addresses) {
            String arg = line.substring(line.indexOf(' ') + 1);
            Matcher url = ADDRESS.matcher(arg);
            Matcher bootstrap = BOOTSTRAP.matcher(arg);
            Matcher match = url.find() ? url : bootstrap.find() ? bootstrap : null;
            if (match == null) {
                continue;
            }
            String host = match.group(1);
            int port = Integer.parseInt(match.group(2));
            assertThat(listening).as(line).containsKey(host);
            assertThat(port).as(line).isIn(listening.get(host), 9080);
        }

        String prometheus = Files.readString(COMPOSE.resolveSibling("deploy/compose/prometheus.yml"));
        listening.forEach((service, port) -> {
            if (port == 8080) {
                assertThat(prometheus).as("Prometheus scrapes " + service).contains("- " + service + ":9080");
            }
        });
        Map<String, List<Integer>> published = Map.of("gateway-global", List.of(8080, 8080), "invalidation",
                List.of(8081, 8080), "health", List.of(8082, 8080), "prometheus", List.of(9090, 9090),
                "grafana", List.of(3000, 3000));
        published.forEach((service, ports) -> assertThat(services.path(service).path("ports"))
                .as(service + "'s published port").anySatisfy(port -> {
                    assertThat(port.path("published").asInt()).isEqualTo(ports.get(0));
                    assertThat(port.path("target").asInt()).isEqualTo(ports.get(1));
                }));
        String guide = Files.readString(COMPOSE.resolveSibling("docs/deployment.md"));
        assertThat(guide).contains("http://localhost:8080", "http://localhost:8081", "http://localhost:8082",
                "http://localhost:9090", "http://localhost:3000");
    }

    /** The images the Helm chart runs, from one rendering of it with every service enabled. */
    private static Set<String> chartImages() throws Exception {
        List<HasMetadata> objects = Manifests.parse(Chart.shipped().render("geocdn", Chart.EXAMPLES.resolve("us-east.yaml")));
        Set<String> images = new TreeSet<>();
        Manifests.containers(objects).forEach(c -> images.add(Manifests.imageName(c.getImage())));
        assertThat(images).contains("geocdn-cache-node", "geocdn-gateway", "geocdn-health", "geocdn-invalidation");
        return images;
    }
}
