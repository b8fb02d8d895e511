package dev.geocdn.deployment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The chart in helm/geocdn as Helm sees it, through helm-java (Helm's own code, in its jar): rendered
 * with a values file as {@code helm template -f} does, and linted with one as {@code helm lint -f}
 * does (helm-java's lint takes no values file, so the values are merged over the chart's own in a
 * copy of the chart, which is what Helm does with them).
 */
final class Chart {

    static final Path HOME = Path.of("..", "helm", "geocdn").toAbsolutePath().normalize();
    static final Path EXAMPLES = Path.of("..", "helm", "examples").toAbsolutePath().normalize();
    static final String NAMESPACE = "geocdn";

    private static final ObjectMapper YAML = new YAMLMapper();

    private final Path home;

    Chart(Path home) {
        this.home = home;
    }

    static Chart shipped() {
        return new Chart(HOME);
    }

    /** Every example values file, by file name. */
    static List<Path> examples() {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code helm template <release> <chart> -f values [-f more...] --namespace geocdn}: later files override. */
    String render(String release, Path values, Path... more) {
        var template = new Helm(home).template().withName(release).withNamespace(NAMESPACE).withValuesFile(values);
        for (Path file : more) {
            template = template.withValuesFile(file);
        }
        return template.call();
    }

    /** {@code helm lint --strict <chart> -f values}: the values merged over the chart's in a copy of it. */
    LintResult lint(Path values) throws IOException {
        Path copy = Files.createTempDirectory("geocdn-chart-");
        copyTree(home, copy.resolve("geocdn"));
        Path chartValues = copy.resolve("geocdn").resolve("values.yaml");
        Map<String, Object> merged = merge(read(chartValues), read(values));
        YAML.writeValue(chartValues.toFile(), merged);
        return new Helm(copy.resolve("geocdn")).lint().strict().call();
    }

    /** A copy of the chart in a new directory, to break on purpose. */
    static Chart copyOf(Path into) throws IOException {
        copyTree(HOME, into);
        return new Chart(into);
    }

    Path home() {
        return home;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(Path file) throws IOException {
        Map<String, Object> map = YAML.readValue(file.toFile(), Map.class);
        return map == null ? new LinkedHashMap<>() : map;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> over) {
        Map<String, Object> merged = new LinkedHashMap<>(base);
        over.forEach((key, value) -> {
            if (value instanceof Map<?, ?> overMap && merged.get(key) instanceof Map<?, ?> baseMap) {
                merged.put(key, merge((Map<String, Object>) baseMap, (Map<String, Object>) overMap));
            } else {
                merged.put(key, value);
            }
        });
        return merged;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }
}
