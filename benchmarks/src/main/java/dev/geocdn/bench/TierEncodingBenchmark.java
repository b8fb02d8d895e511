package dev.geocdn.bench;

import dev.geocdn.cache.http.CacheControl;
import dev.geocdn.cache.http.Headers;
import dev.geocdn.cache.store.Body;
import dev.geocdn.cache.store.StoredResponse;
import dev.geocdn.cache.tier.TierEncoding;
import dev.geocdn.cache.tier.TierEntry;
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
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The persistence tier's binary encoding of a stored response against the same content as JSON
 * (Jackson, the body in base64), for a typical response's fields and a 1 KiB and a 64 KiB body:
 * time to encode and to decode; the sizes are printed at setup.
 * Run: {@code java -jar benchmarks/target/benchmarks.jar TierEncodingBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TierEncodingBenchmark {

    @Param({"1024", "65536"})
    int bodySize;

    /** The JSON form: every value the binary form carries. */
    public record JsonCopy(int status, List<List<String>> fields, long requestTime, long responseTime, long lifetime,
                           long initialAge, long fillStartedAt, String secondaryKey, byte[] body) {
    }

    private final JsonMapper json = JsonMapper.builder().build();
    private StoredResponse response;
    private JsonCopy jsonCopy;
    private byte[] binary;
    private byte[] jsonBytes;

    @Setup
    public void setUp() {
        byte[] body = new byte[bodySize];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 31);
        }
        Headers headers = Headers.of("Content-Type", "image/png", "Cache-Control", "public, max-age=3600",
                "ETag", "\"5f3c-1a2b3c4d\"", "Last-Modified", "Mon, 07 Dec 2026 10:00:00 GMT",
                "Date", "Mon, 07 Dec 2026 12:00:00 GMT", "Vary", "Accept-Encoding", "Surrogate-Key", "img product-42",
                "X-Origin-Server", "origin-1");
        long now = 1_796_040_000_000L;
        response = new StoredResponse(200, headers, Body.of(body), now - 12, now - 3, "accept-encoding=gzip",
                CacheControl.parse("public, max-age=3600"), 3_600_000, 1_000);
        List<List<String>> fields = new ArrayList<>();
        headers.forEach((name, value) -> fields.add(List.of(name, value)));
        jsonCopy = new JsonCopy(200, fields, now - 12, now - 3, 3_600_000, 1_000, now << 16, "accept-encoding=gzip", body);
        binary = TierEncoding.encode(response, now << 16);
        jsonBytes = json.writeValueAsBytes(jsonCopy);
        System.err.printf("body %d B: binary %d B (%d B beyond the body), JSON %d B (%d B beyond the body)%n",
                bodySize, binary.length, binary.length - bodySize, jsonBytes.length, jsonBytes.length - bodySize);
    }

    @Benchmark
    public byte[] encodeBinary() {
        return TierEncoding.encode(response, 42);
    }

    @Benchmark
    public TierEntry decodeBinary() {
        return TierEncoding.decode(binary);
    }

    @Benchmark
    public byte[] encodeJson() {
        return json.writeValueAsBytes(jsonCopy);
    }

    @Benchmark
    public JsonCopy decodeJson() {
        return json.readValue(jsonBytes, JsonCopy.class);
    }
}
