package dev.geocdn.bench;

import dev.geocdn.cache.eviction.EvictionPolicies;
import dev.geocdn.cache.freshness.CacheRules;
import dev.geocdn.cache.freshness.ReuseDecision;
import dev.geocdn.cache.freshness.StoredResponses;
import dev.geocdn.cache.http.Headers;
import dev.geocdn.cache.http.HttpDates;
import dev.geocdn.cache.store.Body;
import dev.geocdn.cache.store.Lookup;
import dev.geocdn.cache.store.ResponseCache;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The cache-core part of a hit: look the key up (with Vary matching) and decide reuse, under
 * contention from two threads. Run: {@code java -jar benchmarks/target/benchmarks.jar HitPath}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(2)
public class HitPathBenchmark {

    /** Number of distinct stored URLs. */
    @Param({"10000"})
    int keys;

    private ResponseCache cache;
    private String[] urls;
    private final Headers request = Headers.of("Host", "cdn.example.com", "Accept-Encoding", "gzip");
    private final CacheRules rules = CacheRules.defaults();
    private long now;

    @Setup
    public void setUp() {
        cache = new ResponseCache(EvictionPolicies.byName("w-tinylfu"), 1L << 30, 1L << 26);
        urls = new String[keys];
        now = 1_700_000_000_000L;
        Headers response = Headers.of("Cache-Control", "max-age=3600", "Date", HttpDates.format(now),
                "Content-Type", "application/octet-stream", "ETag", "\"v1\"", "Vary", "Accept-Encoding");
        for (int i = 0; i < keys; i++) {
            urls[i] = "http://cdn.example.com/objects/" + i;
            cache.store(urls[i], StoredResponses.create(request, 200, response, Body.of(new byte[1024]),
                    now, now, rules));
        }
    }

    @Benchmark
    public ReuseDecision lookupAndDecide() {
        String url = urls[ThreadLocalRandom.current().nextInt(keys)];
        Lookup lookup = cache.lookup(url, request);
        return ReuseDecision.decide(request, lookup.response(), now + 1000, rules);
    }
}
