package dev.geocdn.simulator;

import dev.geocdn.cache.eviction.EvictionPolicies;
import dev.geocdn.cache.eviction.EvictionPolicy;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The cache policy simulator's command line: replays a workload through every registered eviction policy
 * and Belady's optimum at each cache size and prints hit ratio and byte hit ratio. {@code --help} for usage.
 *
 * <p>Exit status: 0 done; 2 bad arguments or bad input (a message on stderr, no stack trace); 1 anything
 * else.
 */
public final class SimulatorMain {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int BAD_INPUT = 2;

    private static final String DEFAULT_OBJECTS = "100000";
    private static final String DEFAULT_REQUESTS = "1000000";
    private static final String DEFAULT_SEED = "42";
    private static final String DEFAULT_SIZES = "lognormal:16KiB:1.0";
    private static final String DEFAULT_CACHE_SIZES = "1%,10%";

    private static final Set<String> RUN_OPTIONS = Set.of("zipf", "objects", "requests", "seed", "sizes", "trace",
            "access-log", "cache-sizes", "policies", "format", "threads");
    private static final Set<String> ZIPF_OPTIONS = Set.of("objects", "requests", "seed", "sizes");
    private static final Set<String> CONVERT_OPTIONS = Set.of("access-log", "out");

    private SimulatorMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line; returns the exit status instead of exiting. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            List<String> positional = new ArrayList<>();
            Map<String, String> options = new LinkedHashMap<>();
            for (String arg : args) {
                if (arg.equals("--help") || arg.equals("-h") || arg.equals("help")) {
                    out.print(usage());
                    out.flush();
                    return OK;
                }
                if (arg.startsWith("--")) {
                    int eq = arg.indexOf('=');
                    if (eq < 0) {
                        throw new UsageException("option " + arg + " needs a value: " + arg + "=...");
                    }
                    String name = arg.substring(2, eq);
                    if (options.put(name, arg.substring(eq + 1)) != null) {
                        throw new UsageException("option --" + name + " given twice");
                    }
                } else {
                    positional.add(arg);
                }
            }
            String command = positional.isEmpty() ? "run" : positional.get(0);
            if (positional.size() > 1) {
                throw new UsageException("unexpected argument '" + positional.get(1) + "'");
            }
            return switch (command) {
                case "run" -> simulate(options, out, err);
                case "convert" -> convert(options, out);
                default -> throw new UsageException("unknown command '" + command + "' (run, convert)");
            };
        } catch (UsageException e) {
            err.println("cache-simulator: " + e.getMessage());
            err.println("Run 'cache-simulator --help' for usage.");
            return BAD_INPUT;
        } catch (TraceFormatException e) {
            err.println("cache-simulator: " + e.getMessage());
            return BAD_INPUT;
        } catch (UncheckedIOException e) {
            err.println("cache-simulator: " + describe(e.getCause()));
            return BAD_INPUT;
        } catch (IOException e) {
            err.println("cache-simulator: " + describe(e));
            return BAD_INPUT;
        } catch (OutOfMemoryError e) {
            err.println("cache-simulator: out of memory; give the JVM more heap (java -Xmx8g -jar ...) "
                    + "or replay fewer requests");
            return FAILED;
        } catch (RuntimeException e) {
            err.println("cache-simulator: internal error: " + e);
            e.printStackTrace(err);
            return FAILED;
        }
    }

    private static int simulate(Map<String, String> options, PrintStream out, PrintStream err) throws IOException {
        checkKnown(options, RUN_OPTIONS);
        List<Trace> workloads = workloads(options);
        List<CacheSize> cacheSizes = CacheSize.parseList(options.getOrDefault("cache-sizes", DEFAULT_CACHE_SIZES));
        List<String> policies = policies(options.get("policies"));
        Report report = Report.of(options.getOrDefault("format", "table"), out);
        int threads = (int) integer(options, "threads", String.valueOf(Runtime.getRuntime().availableProcessors()), 1, 1024);

        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "replay");
            t.setDaemon(true);
            return t;
        });
        try {
            for (Trace workload : workloads) {
                long start = System.nanoTime();
                CompactTrace trace = CompactTrace.of(workload);
                if (trace.length() == 0) {
                    throw new UsageException("no requests to replay in " + workload.description());
                }
                if (policies.contains(Replay.BELADY) || policies.contains(Replay.STATIC_OPTIMUM)) {
                    trace.nextAccess();
                }
                List<Future<Result>> futures = new ArrayList<>();
                for (CacheSize size : cacheSizes) {
                    long capacity = size.resolve(trace.catalogueBytes());
                    for (String name : policies) {
                        Callable<Result> replay = switch (name) {
                            case Replay.BELADY -> () -> Replay.belady(trace, size.label(), capacity);
                            case Replay.STATIC_OPTIMUM -> () -> Replay.staticOptimum(trace, size.label(), capacity);
                            default -> () -> Replay.online(EvictionPolicies.byName(name), trace, size.label(),
                                    capacity);
                        };
                        futures.add(pool.submit(replay));
                    }
                }
                List<Result> results = new ArrayList<>();
                for (Future<Result> f : futures) {
                    results.add(await(f));
                }
                report.trace(trace, results);
                err.printf(Locale.ROOT, "%s: %d replays of %,d requests in %.1f s%n", workload.description(),
                        futures.size(), trace.length(), (System.nanoTime() - start) / 1e9);
            }
        } finally {
            pool.shutdownNow();
        }
        return OK;
    }

    private static List<Trace> workloads(Map<String, String> options) {
        List<String> sources = new ArrayList<>();
        for (String s : List.of("zipf", "trace", "access-log")) {
            if (options.containsKey(s)) {
                sources.add("--" + s);
            }
        }
        if (sources.size() != 1) {
            throw new UsageException(sources.isEmpty()
                    ? "no workload: give --zipf=ALPHA, --trace=FILE or --access-log=FILE"
                    : "give one workload source, not " + String.join(" and ", sources));
        }
        if (!options.containsKey("zipf")) {
            for (String zipfOnly : ZIPF_OPTIONS) {
                if (options.containsKey(zipfOnly)) {
                    throw new UsageException("--" + zipfOnly + " applies only to --zipf");
                }
            }
        }
        List<Trace> workloads = new ArrayList<>();
        if (options.containsKey("trace")) {
            workloads.add(new TraceFile(existingFile(options.get("trace"), "--trace")));
        } else if (options.containsKey("access-log")) {
            workloads.add(new AccessLog(existingFile(options.get("access-log"), "--access-log")));
        } else {
            int objects = (int) integer(options, "objects", DEFAULT_OBJECTS, 1, Integer.MAX_VALUE);
            long requests = integer(options, "requests", DEFAULT_REQUESTS, 1, Integer.MAX_VALUE - 16);
            long seed = integer(options, "seed", DEFAULT_SEED, Long.MIN_VALUE, Long.MAX_VALUE);
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

    private static List<String> policies(String list) {
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

    private static int convert(Map<String, String> options, PrintStream out) throws IOException {
        checkKnown(options, CONVERT_OPTIONS);
        if (!options.containsKey("access-log") || !options.containsKey("out")) {
            throw new UsageException("convert needs --access-log=FILE and --out=TRACE");
        }
        Path log = existingFile(options.get("access-log"), "--access-log");
        Path target = Path.of(options.get("out"));
        if (Files.exists(target) && Files.isSameFile(log, target)) {
            throw new UsageException("--out must not be the access log itself");
        }
        boolean done = false;
        try {
            AccessLog.Conversion c = AccessLog.convert(log, target);
            done = true;
            out.printf(Locale.ROOT, "%s: %,d requests written; read %,d lines: %,d ACCESS lines, %,d left out "
                            + "(not GET/HEAD with 200), %,d other lines skipped%n", target, c.requests(), c.lines(),
                    c.accessLines(), c.leftOut(), c.otherLines());
            return OK;
        } catch (IOException e) { // reading problems arrive as UncheckedIOException
            throw new IOException("cannot write " + target + ": " + describe(e), e);
        } finally {
            if (!done) {
                Files.deleteIfExists(target);
            }
        }
    }

    private static Path existingFile(String name, String option) {
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

    private static void checkKnown(Map<String, String> options, Set<String> known) {
        for (String name : options.keySet()) {
            if (!known.contains(name)) {
                throw new UsageException("unknown option --" + name);
            }
        }
    }

    private static long integer(Map<String, String> options, String name, String fallback, long min, long max) {
        String text = options.getOrDefault(name, fallback).trim().replace("_", "");
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be an integer, got '" + options.get(name) + "'");
        }
        if (value < min || value > max) {
            throw new UsageException("--" + name + " must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    private static Result await(Future<Result> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    private static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory: " + e.getMessage();
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied: " + e.getMessage();
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    static String usage() {
        return """
                Usage: cache-simulator [run] WORKLOAD [OPTIONS]
                       cache-simulator convert --access-log=FILE --out=TRACE
                       cache-simulator --help

                Replays a workload through every registered eviction policy (%s)
                and two references chosen with hindsight, at each cache size, and prints the hit ratio (of
                requests) and the byte hit ratio. The references: 'static-opt', the best unchanging contents
                (the most requested objects per byte; on independent requests such as --zipf no online policy
                beats it over a long run), and 'belady', Belady's offline optimum (the ceiling).

                Workload (exactly one):
                  --zipf=ALPHA[,ALPHA...]    generated: independent requests, Zipf popularity with exponent ALPHA
                    --objects=N              distinct objects (default %s)
                    --requests=M             requests per workload (default %s)
                    --seed=S                 random seed (default %s); same seed, same trace
                    --sizes=DIST[,DIST...]   object sizes, fixed per object (default %s):
                                             fixed:SIZE | uniform:MIN:MAX | lognormal:MEDIAN:SIGMA | pareto:MIN:ALPHA
                                             (sizes take units: 1024, 16KiB, 1MB; units are powers of 1024)
                  --trace=FILE               a trace file: one request per line '<timestamp ms> <key> <size bytes>',
                                             '#' comment lines; gzip when FILE ends in .gz
                  --access-log=FILE          the cache node's access log, lines
                                             'ACCESS <epochMillis> <method> <status> <result> <bytes> <cacheKey>';
                                             other lines are skipped; GET and HEAD with status 200 are replayed

                Options:
                  --cache-sizes=LIST         percentages of the catalogue (the sum of the distinct objects' sizes)
                                             and/or absolute sizes (default %s; e.g. 0.5%%,5%% or 64MB,1GB)
                  --policies=LIST            which rows (default: all registered policies, static-opt, belady)
                  --format=table|csv         output format (default table)
                  --threads=N                replays run in parallel, each single-threaded (default: all cores)

                  convert --access-log=FILE --out=TRACE
                                             writes the access log's replayable requests as a trace file
                                             (gzip when TRACE ends in .gz)

                Exit status: 0 done; 2 bad arguments or bad input (message on stderr); 1 other failures.
                """.formatted(String.join(", ", EvictionPolicies.names()), DEFAULT_OBJECTS, DEFAULT_REQUESTS,
                DEFAULT_SEED, DEFAULT_SIZES, DEFAULT_CACHE_SIZES);
    }
}
