package dev.geocdn.bench;

import dev.geocdn.cache.freshness.CacheRules;
import dev.geocdn.cache.freshness.Directives;
import dev.geocdn.cache.freshness.Freshness;
import dev.geocdn.cache.freshness.StoreVerdict;
import dev.geocdn.cache.freshness.Storability;
import dev.geocdn.cache.http.CacheControl;
import dev.geocdn.cache.http.Headers;
import dev.geocdn.cache.http.HttpDates;
import dev.geocdn.cache.ranges.RangeDecision;
import dev.geocdn.cache.ranges.RangeRequests;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The RFC decision functions a miss runs once per fill: parsing directives and dates, the
 * storability verdict, the freshness lifetime, and the range decision a ranged hit runs.
 * Run: {@code java -jar benchmarks/target/benchmarks.jar RfcDecision}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class RfcDecisionBenchmark {

    private static final long NOW = 1_700_000_000_000L;
    private final CacheRules rules = CacheRules.defaults();
    private final Headers request = Headers.of("Host", "cdn.example.com", "Accept-Encoding", "gzip",
            "Range", "bytes=0-1023");
    private final Headers response = Headers.of("Date", HttpDates.format(NOW),
            "Cache-Control", "public, max-age=300, stale-while-revalidate=60, stale-if-error=86400",
            "ETag", "\"abc\"", "Last-Modified", "Tue, 15 Nov 1994 12:45:26 GMT", "Vary", "Accept-Encoding",
            "Content-Type", "image/png");

    @Benchmark
    public CacheControl parseCacheControl() {
        return CacheControl.parse(response.get("Cache-Control"));
    }

    @Benchmark
    public Optional<Instant> parseHttpDate() {
        return HttpDates.parse(response.get("Last-Modified"), Instant.ofEpochMilli(NOW));
    }

    @Benchmark
    public StoreVerdict storability() {
        return Storability.evaluate("GET", request, 200, response, Directives.effective(response, rules), rules, NOW);
    }

    @Benchmark
    public long freshnessLifetime() {
        return Freshness.lifetimeMillis(200, response, Directives.effective(response, rules), rules, NOW);
    }

    @Benchmark
    public RangeDecision rangeDecision() {
        return RangeRequests.decide("GET", request, 1 << 20, response, Instant.ofEpochMilli(NOW));
    }
}
