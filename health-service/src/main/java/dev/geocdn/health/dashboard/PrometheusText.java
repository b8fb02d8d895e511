package dev.geocdn.health.dashboard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads Prometheus' text exposition format (version 0.0.4, which every GeoCDN service's
 * {@code /actuator/prometheus} answers by default): one sample a line,
 * {@code name{label="value",...} value [timestamp]}, with {@code #} lines for help and types.
 *
 * <p>The Prometheus client libraries on the classpath write this format but do not read it,
 * hence this small reader. It follows the format's rules: label values escape {@code \\},
 * {@code \"} and {@code \n}; a label list may end with a comma; values are Go floats,
 * {@code NaN}, {@code +Inf} and {@code -Inf} included; the timestamp is optional and ignored.
 *
 * <p>Only lines whose metric name starts with the given prefix are parsed at all: a node's
 * scrape is mostly JVM and HTTP series the dashboard does not show, and skipping them keeps a
 * scrape's cost to a few string comparisons per line. A malformed line fails the whole text
 * with its line number, so that a broken exporter shows as one clear error, never as a
 * silently wrong figure.
 */
public final class PrometheusText {

    /**
     * One sample.
     *
     * @param name   the series name ({@code geocdn_requests_total}, {@code ..._bucket})
     * @param labels its labels in the order written
     * @param value  its value
     */
    public record Sample(String name, Map<String, String> labels, double value) {

        public Sample {
            labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        }

        /** The label's value, or the empty string when the sample has no such label (as in PromQL). */
        public String label(String label) {
            return labels.getOrDefault(label, "");
        }
    }

    /** A decimal float as Go's strconv writes it (Java's parser alone would also take {@code 1d} or hex). */
    private static final Pattern NUMBER = Pattern.compile("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?");

    private PrometheusText() {
    }

    /**
     * The samples of {@code text} whose name starts with {@code prefix}.
     *
     * @throws IllegalArgumentException on a malformed line, naming it
     */
    public static List<Sample> parse(String text, String prefix) {
        List<Sample> samples = new ArrayList<>();
        int number = 0;
        for (String line : (Iterable<String>) text.lines()::iterator) {
            number++;
            if (!line.startsWith(prefix) || line.startsWith("#") || line.isBlank()) {
                continue;
            }
            try {
                samples.add(sample(line));
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                throw new IllegalArgumentException("line " + number + " is not a Prometheus sample ("
                        + e.getMessage() + "): " + abbreviate(line), e);
            }
        }
        return samples;
    }

    private static Sample sample(String line) {
        int pos = 0;
        while (pos < line.length() && isNameChar(line.charAt(pos))) {
            pos++;
        }
        if (pos == 0) {
            throw new IllegalArgumentException("no metric name");
        }
        String name = line.substring(0, pos);
        Map<String, String> labels = new LinkedHashMap<>();
        pos = skipSpaces(line, pos);
        if (pos < line.length() && line.charAt(pos) == '{') {
            pos = labels(line, pos + 1, labels);
        }
        String[] rest = line.substring(pos).strip().split("[ \t]+");
        if (rest.length < 1 || rest[0].isEmpty() || rest.length > 2) {
            throw new IllegalArgumentException("expected a value and an optional timestamp");
        }
        return new Sample(name, labels, value(rest[0]));
    }

    /** Reads {@code a="x",b="y"}} from {@code pos} into {@code labels}; returns the position after the brace. */
    private static int labels(String line, int pos, Map<String, String> labels) {
        while (true) {
            pos = skipSpaces(line, pos);
            if (line.charAt(pos) == '}') {
                return pos + 1;
            }
            int start = pos;
            while (isNameChar(line.charAt(pos))) {
                pos++;
            }
            if (start == pos) {
                throw new IllegalArgumentException("expected a label name at column " + (pos + 1));
            }
            String label = line.substring(start, pos);
            pos = skipSpaces(line, pos);
            if (line.charAt(pos) != '=' || line.charAt(skipSpaces(line, pos + 1)) != '"') {
                throw new IllegalArgumentException("expected =\" after label " + label);
            }
            pos = skipSpaces(line, pos + 1) + 1;
            StringBuilder value = new StringBuilder();
            for (char c = line.charAt(pos); c != '"'; c = line.charAt(pos)) {
                if (c == '\\') {
                    char escaped = line.charAt(++pos);
                    value.append(switch (escaped) {
                        case 'n' -> '\n';
                        case '\\', '"' -> escaped;
                        default -> throw new IllegalArgumentException("unknown escape \\" + escaped);
                    });
                } else {
                    value.append(c);
                }
                pos++;
            }
            labels.put(label, value.toString());
            pos = skipSpaces(line, pos + 1);
            if (line.charAt(pos) == ',') {
                pos++;
            } else if (line.charAt(pos) != '}') {
                throw new IllegalArgumentException("expected , or } after label " + label);
            }
        }
    }

    /** A Go float as Prometheus writes it. */
    static double value(String text) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                if (!NUMBER.matcher(text).matches()) {
                    throw new IllegalArgumentException("not a number: " + text);
                }
                yield Double.parseDouble(text);
            }
        };
    }

    private static boolean isNameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == ':';
    }

    private static int skipSpaces(String line, int pos) {
        while (pos < line.length() && (line.charAt(pos) == ' ' || line.charAt(pos) == '\t')) {
            pos++;
        }
        return pos;
    }

    private static String abbreviate(String line) {
        return line.length() <= 120 ? line : line.substring(0, 117) + "...";
    }
}
