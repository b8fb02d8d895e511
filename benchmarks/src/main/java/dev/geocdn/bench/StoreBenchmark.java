package dev.geocdn.bench;

import dev.geocdn.cache.eviction.BoundedStore;
import dev.geocdn.cache.eviction.EvictionPolicies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Every eviction policy's store under contention: one thread reading (mostly hits, Zipf-like
 * skew), one thread writing (replacing and inserting, which evicts), sharing the store.
 * Run: {@code java -jar benchmarks/target/benchmarks.jar StoreBenchmark}.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class StoreBenchmark {

    /** The policy, by its configuration name. */
    @Param({"w-tinylfu", "lru", "sieve", "s3-fifo"})
    String policy;

    private static final int KEYS = 1 << 16;
    private static final int MASK = KEYS - 1;

    private BoundedStore<Integer, byte[]> store;
    private Integer[] keys;
    private final byte[] value = new byte[1024];

    @Setup
    public void setUp() {
        // room for half the keys, so writes keep evicting
        store = EvictionPolicies.byName(policy).create((long) KEYS / 2 * 1024, v -> v.length);
        keys = new Integer[KEYS];
        for (int i = 0; i < KEYS; i++) {
            keys[i] = i;
            store.put(keys[i], value);
        }
    }

    /** Per-thread random source. */
    @State(Scope.Thread)
    public static class Random {
        final SplittableRandom random = new SplittableRandom();

        /** A skewed key index: small indexes are far more frequent. */
        int skewed() {
            double u = random.nextDouble();
            return (int) (KEYS * u * u * u) & MASK;
        }
    }

    @Benchmark
    @Group("readWrite")
    @GroupThreads(1)
    public byte[] get(Random random) {
        return store.get(keys[random.skewed()]);
    }

    @Benchmark
    @Group("readWrite")
    @GroupThreads(1)
    public void put(Random random) {
        store.put(keys[random.skewed()], value);
    }
}
