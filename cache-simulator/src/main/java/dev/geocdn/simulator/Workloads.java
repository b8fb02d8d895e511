package dev.geocdn.simulator;

import dev.geocdn.cache.eviction.EvictionPolicies;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a run replays and through what: the workloads (Zipf traces, a trace file or a node's
 * access log) and the rows of the report (registered policies and the references).
 */
final class Workloads {

    static final String DEFAULT_OBJECTS = "100000";
    static final String DEFAULT_REQUESTS = "1000000";
    static final String DEFAULT_SEED = "42";
    static final String DEFAULT_SIZES = "lognormal:16KiB:1.0";
    /** Options that only a generated Zipf workload takes. */
    private static final Set<String> ZIPF_OPTIONS = Set.of("objects", "requests", "seed", "sizes");

    private Workloads() {
    }

    /** The workloads the options describe: exactly one source, and for Zipf one trace per exponent and size distribution. */
    static List<Trace> from(Options options) {
        List<String> sources = new ArrayList<>();
        for (String s : List.of("zipf", "trace", "access-log")) {
            if (options.has(s)) {
                sources.add("--" + s);
            }
        }
        if (sources.size() != 1) {
            throw new UsageException(sources.isEmpty()
                    ? "no workload: give --zipf=ALPHA, --trace=FILE or --access-log=FILE"
                    : "give one workload source, not " + String.join(" and ", sources));
        }
        if (!options.has("zipf")) {
            for (String zipfOnly : ZIPF_OPTIONS) {
                if (options.has(zipfOnly)) {
                    throw new UsageException("--" + zipfOnly + " applies only to --zipf");
                }
            }
        }
        List<Trace> workloads = new ArrayList<>();
        if (options.has("trace")) {
            workloads.add(new TraceFile(Options.existingFile(options.get("trace"), "--trace")));
        } else if (options.has("access-log")) {
            workloads.add(new AccessLog(Options.existingFile(options.get("access-log"), "--access-log")));
        } else {
            int objects = (int) options.integer("objects", DEFAULT_OBJECTS, 1, Integer.MAX_VALUE);
            long requests = options.integer("requests", DEFAULT_REQUESTS, 1, Integer.MAX_VALUE - 16);
            long seed = options.integer("seed", DEFAULT_SEED, Long.MIN_VALUE, Long.MAX_VALUE);
            List<SizeDistribution> sizes = new ArrayList<>();
            for (String spec : options.getOrDefault("sizes", DEFAULT_SIZES).split(",", -1)) {
                sizes.add(SizeDistribution.parse(spec));
            }
            for (String a : options.get("zipf").split(",", -1)) {
                double alpha;
                try {
                    alpha = Double.parseDouble(a.trim());
                } catch (NumberFormatException e) {
                    throw new UsageException("--zipf: not a number: '" + a + "'");
                }
                if (!(alpha >= 0) || alpha > 100) {
                    throw new UsageException("--zipf: the exponent must be between 0 and 100, got " + a);
                }
                for (SizeDistribution dist : sizes) {
                    workloads.add(new ZipfTrace(alpha, objects, requests, seed, dist));
                }
            }
        }
        return workloads;
    }

    /** The report's rows: the named policies and references, or all of them. */
    static List<String> policies(String list) {
        List<String> names = new ArrayList<>();
        if (list == null || list.isBlank() || list.trim().equalsIgnoreCase("all")) {
            names.addAll(EvictionPolicies.names());
            names.add(Replay.STATIC_OPTIMUM);
            names.add(Replay.BELADY);
            return names;
        }
        for (String raw : list.split(",", -1)) {
            String name = raw.trim().toLowerCase(Locale.ROOT);
            if (!name.equals(Replay.BELADY) && !name.equals(Replay.STATIC_OPTIMUM)) {
                try {
                    name = EvictionPolicies.byName(name).name();
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--policies: unknown policy '" + raw.trim() + "'; known: "
                            + String.join(", ", EvictionPolicies.names()) + ", " + Replay.STATIC_OPTIMUM + ", "
                            + Replay.BELADY);
                }
            }
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

}
