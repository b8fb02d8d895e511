package dev.geocdn.gateway.support;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One scrape of {@code /actuator/prometheus}, read as the text exposition format defines it:
 * {@code name{label="value",...} number} per sample line, {@code #} lines skipped.
 */
public final class Scrape {

    /** One sample line. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples;

    public Scrape(String exposition) {
        this.samples = exposition.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).map(Scrape::sample).toList();
    }

    /**
     * The sum of the samples named {@code name} whose labels include every {@code label, value}
     * pair given; 0 when there is none (a counter not incremented yet).
     */
    public double sum(String name, String... labels) {
        return select(name, labels).stream().mapToDouble(Sample::value).sum();
    }

    /** How much the samples {@link #sum} selects grew since {@code earlier}. */
    public double increase(Scrape earlier, String name, String... labels) {
        return sum(name, labels) - earlier.sum(name, labels);
    }

    /** The samples named {@code name} whose labels include every {@code label, value} pair given. */
    public List<Sample> select(String name, String... labels) {
        return samples.stream().filter(s -> s.name().equals(name) && matches(s.labels(), labels)).toList();
    }

    private static boolean matches(Map<String, String> actual, String... wanted) {
        for (int i = 0; i < wanted.length; i += 2) {
            if (!wanted[i + 1].equals(actual.get(wanted[i]))) {
                return false;
            }
        }
        return true;
    }

    /** {@code name{a="x",b="y"} 1.0}; label values here never hold quotes or commas. */
    private static Sample sample(String line) {
        int brace = line.indexOf('{');
        int space = line.lastIndexOf(' ');
        Map<String, String> labels = new HashMap<>();
        String name = line.substring(0, brace < 0 ? space : brace);
        if (brace >= 0) {
            for (String pair : line.substring(brace + 1, line.lastIndexOf('}')).split(",")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    labels.put(pair.substring(0, eq), pair.substring(eq + 2, pair.length() - 1));
                }
            }
        }
        return new Sample(name, labels, Double.parseDouble(line.substring(space + 1)));
    }
}
