package dev.geocdn.simulator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * The {@code --name=value} options of one command, with the checks every command shares: no
 * unknown option, integers within bounds, files that exist and can be read. Each failure is a
 * {@link UsageException} naming the option.
 */
final class Options {

    private final Map<String, String> values;

    Options(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String get(String name) {
        return values.get(name);
    }

    String getOrDefault(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    /** Refuses any option not in {@code known}. */
    void checkKnown(Set<String> known) {
        for (String name : values.keySet()) {
            if (!known.contains(name)) {
                throw new UsageException("unknown option --" + name);
            }
        }
    }

    /** The integer option {@code name} (or {@code fallback}), within {@code [min, max]}; underscores allowed. */
    long integer(String name, String fallback, long min, long max) {
        String text = values.getOrDefault(name, fallback).trim().replace("_", "");
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be an integer, got '" + values.get(name) + "'");
        }
        if (value < min || value > max) {
            throw new UsageException("--" + name + " must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    /** A readable regular file named by option {@code option}. */
    static Path existingFile(String name, String option) {
        if (name.isBlank()) {
            throw new UsageException(option + " needs a file name");
        }
        Path path = Path.of(name);
        if (!Files.isRegularFile(path)) {
            throw new UsageException(option + ": no such file: " + name);
        }
        if (!Files.isReadable(path)) {
            throw new UsageException(option + ": cannot read " + name + " (permission denied)");
        }
        return path;
    }

}
