package dev.geocdn.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Hand-made traces for tests. */
final class Traces {

    private Traces() {
    }

    /** "A6 B4 C5 A": object letters or numbers with sizes; a request without a size repeats the object's last. */
    static CompactTrace parse(String spec) {
        List<Request> requests = new ArrayList<>();
        java.util.Map<String, Long> sizes = new java.util.HashMap<>();
        long t = 0;
        for (String token : spec.trim().split("\\s+")) {
            String name = token.replaceAll("[0-9]+$", "");
            String digits = token.substring(name.length());
            long size = digits.isEmpty() ? sizes.get(name) : Long.parseLong(digits);
            sizes.put(name, size);
            requests.add(new Request(t++, Keys.id(name), size));
        }
        return of("hand-made " + spec, requests);
    }

    /** Unit-size objects 0..k: one request per element. */
    static CompactTrace units(int[] objects) {
        List<Request> requests = new ArrayList<>();
        for (int i = 0; i < objects.length; i++) {
            requests.add(new Request(i, objects[i], 1));
        }
        return of("units", requests);
    }

    static CompactTrace of(String description, List<Request> requests) {
        return CompactTrace.of(new Trace() {
            @Override
            public String description() {
                return description;
            }

            @Override
            public Stream<Request> requests() {
                return requests.stream();
            }
        });
    }
}
