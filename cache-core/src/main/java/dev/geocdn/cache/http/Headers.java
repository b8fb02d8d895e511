package dev.geocdn.cache.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * An immutable, ordered, multi-valued list of HTTP header fields with case-insensitive names
 * (RFC 9110 section 5.1).
 *
 * <p>Kept as a flat array of alternating names and values, as OkHttp does: headers are small,
 * iterated more than searched, and this layout costs one allocation. The cache core uses this
 * type rather than Netty's or Spring's so that every RFC decision stays free of I/O frameworks.
 */
public final class Headers implements RequestFields {

    /** The empty header list. */
    public static final Headers EMPTY = new Headers(new String[0]);

    private final String[] namesAndValues;

    private Headers(String[] namesAndValues) {
        this.namesAndValues = namesAndValues;
    }

    /** Headers from alternating names and values: {@code of("Cache-Control", "max-age=60")}. */
    public static Headers of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("expected alternating names and values");
        }
        Builder builder = new Builder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            builder.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return builder.build();
    }

    /** The number of field lines. */
    public int size() {
        return namesAndValues.length / 2;
    }

    /** The name of field line {@code index}, as it was received. */
    public String name(int index) {
        return namesAndValues[index * 2];
    }

    /** The value of field line {@code index}. */
    public String value(int index) {
        return namesAndValues[index * 2 + 1];
    }

    /** The first value of {@code name}, or null when absent. */
    public String get(String name) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (name.equalsIgnoreCase(namesAndValues[i])) {
                return namesAndValues[i + 1];
            }
        }
        return null;
    }

    /** Every value of {@code name}, in order; empty when absent. */
    public List<String> values(String name) {
        List<String> result = null;
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (name.equalsIgnoreCase(namesAndValues[i])) {
                if (result == null) {
                    result = new ArrayList<>(2);
                }
                result.add(namesAndValues[i + 1]);
            }
        }
        return result == null ? List.of() : result;
    }

    /**
     * Every value of {@code name} joined by ", ", which RFC 9110 section 5.3 makes equivalent to
     * separate field lines for list-based fields; null when absent.
     */
    @Override
    public String joined(String name) {
        List<String> values = values(name);
        return values.isEmpty() ? null : String.join(", ", values);
    }

    /** Whether at least one field line has {@code name}. */
    public boolean contains(String name) {
        return get(name) != null;
    }

    /** Calls {@code action} with each name and value, in order. */
    public void forEach(BiConsumer<String, String> action) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            action.accept(namesAndValues[i], namesAndValues[i + 1]);
        }
    }

    /** An approximation of the bytes these fields take on the wire, used to weigh stored entries. */
    public int byteSize() {
        int total = 0;
        for (String s : namesAndValues) {
            total += s.length() + 2;
        }
        return total;
    }

    /** A builder that starts with these fields. */
    public Builder newBuilder() {
        Builder builder = new Builder();
        builder.list.addAll(Arrays.asList(namesAndValues));
        return builder;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Headers h && Arrays.equals(namesAndValues, h.namesAndValues);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(namesAndValues);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        forEach((n, v) -> sb.append(n).append(": ").append(v).append('\n'));
        return sb.toString();
    }

    /** Lower-cases a field name for use as a map key. */
    public static String canonical(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** Builds {@link Headers}. Not thread-safe. */
    public static final class Builder {
        private final List<String> list = new ArrayList<>(16);

        /** Adds a field line; leading and trailing whitespace of the value is dropped (RFC 9110 section 5.5). */
        public Builder add(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            list.add(name);
            list.add(value.strip());
            return this;
        }

        /** Replaces every line of {@code name} with one line. */
        public Builder set(String name, String value) {
            removeAll(name);
            return add(name, value);
        }

        /** Removes every line of {@code name}. */
        public Builder removeAll(String name) {
            for (int i = 0; i < list.size(); i += 2) {
                if (name.equalsIgnoreCase(list.get(i))) {
                    list.remove(i);
                    list.remove(i);
                    i -= 2;
                }
            }
            return this;
        }

        public Headers build() {
            return new Headers(list.toArray(new String[0]));
        }
    }
}
