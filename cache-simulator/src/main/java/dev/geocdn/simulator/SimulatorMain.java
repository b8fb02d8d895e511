package dev.geocdn.simulator;

import dev.geocdn.cache.eviction.EvictionPolicies;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
                case "run" -> Simulation.run(new Options(options), out, err);
                case "convert" -> ConvertCommand.run(new Options(options), out);
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

    /** An I/O failure as one line for the command line. */
    static String describe(IOException e) {
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
                """.formatted(String.join(", ", EvictionPolicies.names()), Workloads.DEFAULT_OBJECTS, Workloads.DEFAULT_REQUESTS,
                Workloads.DEFAULT_SEED, Workloads.DEFAULT_SIZES, Simulation.DEFAULT_CACHE_SIZES);
    }
}
