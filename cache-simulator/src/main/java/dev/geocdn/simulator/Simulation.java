package dev.geocdn.simulator;

import dev.geocdn.cache.eviction.EvictionPolicies;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The {@code run} command: replays each workload through every row (policy or reference) at
 * every cache size, the replays in parallel on {@code --threads}, and reports them per workload.
 */
final class Simulation {

    static final String DEFAULT_CACHE_SIZES = "1%,10%";
    private static final Set<String> OPTIONS = Set.of("zipf", "objects", "requests", "seed", "sizes", "trace",
            "access-log", "cache-sizes", "policies", "format", "threads");

    private Simulation() {
    }

    /** Runs the simulation the options describe; the exit status. */
    static int run(Options options, PrintStream out, PrintStream err) throws IOException {
        options.checkKnown(OPTIONS);
        List<Trace> workloads = Workloads.from(options);
        List<CacheSize> cacheSizes = CacheSize.parseList(options.getOrDefault("cache-sizes", DEFAULT_CACHE_SIZES));
        List<String> policies = Workloads.policies(options.get("policies"));
        Report report = Report.of(options.getOrDefault("format", "table"), out);
        int threads = (int) options.integer("threads", String.valueOf(Runtime.getRuntime().availableProcessors()), 1, 1024);

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
        return SimulatorMain.OK;
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

}
