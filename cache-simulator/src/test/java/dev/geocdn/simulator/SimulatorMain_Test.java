package dev.geocdn.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geocdn.cache.eviction.EvictionPolicies;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("SimulatorMain: the command line end to end")
class SimulatorMain_Test {

    @TempDir
    Path dir;

    record Run(int status, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = SimulatorMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static List<String> expectedPolicies() {
        List<String> names = new ArrayList<>(EvictionPolicies.names());
        names.add("static-opt");
        names.add("belady");
        return names;
    }

    @Test
    void zipf_printsARowPerPolicyAndSize_includingBelady() {
        Run r = run("--zipf=1.0", "--objects=2000", "--requests=20000", "--seed=1", "--sizes=lognormal:16KiB:1.0",
                "--cache-sizes=1%,10%");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("# zipf alpha=1.0 objects=2000 requests=20000 sizes=lognormal:16KiB:1.0 seed=1\n");
        assertThat(r.lines().get(2)).matches("policy\\s+cache size\\s+hit ratio %\\s+byte hit ratio %");
        List<String> rows = r.lines().subList(3, r.lines().size());
        List<String> policies = expectedPolicies();
        assertThat(rows).hasSize(2 * policies.size());
        for (int i = 0; i < rows.size(); i++) {
            String size = i < policies.size() ? "1%" : "10%";
            assertThat(rows.get(i)).matches(policies.get(i % policies.size()) + "\\s+" + size
                    + " \\([0-9.]+ [KMG]iB\\)\\s+\\d+\\.\\d\\d\\s+\\d+\\.\\d\\d");
        }
        assertThat(r.err()).contains("replays of 20,000 requests");
    }

    @Test
    void csv_hasAHeaderAndOneRecordPerPolicySizeAndWorkload() {
        Run r = run("--zipf=0.8,1.2", "--objects=1000", "--requests=10000", "--sizes=fixed:1KiB",
                "--cache-sizes=5%,64KiB", "--format=csv");
        assertThat(r.status()).as(r.err()).isZero();
        List<String> lines = r.lines();
        assertThat(lines.get(0)).isEqualTo(
                "trace,policy,cache_size,cache_bytes,requests,hits,hit_ratio,bytes,hit_bytes,byte_hit_ratio");
        assertThat(lines).hasSize(1 + 2 * 2 * expectedPolicies().size());
        assertThat(lines.get(1)).startsWith("zipf alpha=0.8 objects=1000 requests=10000 sizes=fixed:1KiB seed=42,"
                + expectedPolicies().get(0) + ",5%,");
        assertThat(lines).filteredOn(l -> l.contains(",belady,64KiB,65536,10000,")).hasSize(2);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            assertThat(f).hasSize(10);
            long hits = Long.parseLong(f[5]);
            assertThat(Double.parseDouble(f[6])).isCloseTo(hits / 10000.0, org.assertj.core.api.Assertions.within(1e-6));
        }
    }

    @Test
    void policies_canBeChosen() {
        String first = EvictionPolicies.names().iterator().next();
        Run r = run("--zipf=1.0", "--objects=1000", "--requests=5000", "--policies=" + first.toUpperCase() + ",belady,Static-Opt",
                "--cache-sizes=10%");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.lines()).hasSize(6);
        assertThat(r.lines().get(3)).startsWith(first + " ");
        assertThat(r.lines().get(4)).startsWith("belady ");
        assertThat(r.lines().get(5)).startsWith("static-opt ");
    }

    @Test
    void traceFile_andAccessLog_andConvert() throws IOException {
        Path log = Files.writeString(dir.resolve("node.log"), AccessLog_Test.LOG.repeat(20));
        Path trace = dir.resolve("trace.txt.gz");
        Run convert = run("convert", "--access-log=" + log, "--out=" + trace);
        assertThat(convert.status()).as(convert.err()).isZero();
        assertThat(convert.out()).contains("100 requests written", "260 lines", "200 ACCESS lines",
                "100 left out", "60 other lines skipped");

        Run fromTrace = run("--trace=" + trace, "--cache-sizes=2KiB,100%");
        Run fromLog = run("--access-log=" + log, "--cache-sizes=2KiB,100%");
        assertThat(fromTrace.status()).as(fromTrace.err()).isZero();
        assertThat(fromLog.status()).as(fromLog.err()).isZero();
        // Same rows (the first line names the source).
        assertThat(fromTrace.lines().subList(1, fromTrace.lines().size()))
                .isEqualTo(fromLog.lines().subList(1, fromLog.lines().size()));
        assertThat(fromTrace.out()).contains("100 requests, 4 objects");
        // 4 objects over 100 requests: with room for all, only the 4 first requests miss.
        assertThat(fromLog.lines()).filteredOn(l -> l.startsWith("belady") && l.contains("100%"))
                .singleElement().asString().matches("belady\\s+100% \\(8\\.00 KiB\\)\\s+96\\.00\\s+\\d+\\.\\d\\d");
    }

    @Test
    void badTraceLine_exitsWith2_namingTheLine_withoutAStackTrace() throws IOException {
        Path trace = Files.writeString(dir.resolve("bad.txt"), "# t\n1 /a 10\n2 /b ten\n");
        Run r = run("--trace=" + trace);
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("cache-simulator: " + trace
                + ":3: size must be a non-negative integer (bytes), found 'ten'\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void badAccessLogLine_exitsWith2_andConvertLeavesNoPartialOutput() throws IOException {
        Path log = Files.writeString(dir.resolve("bad.log"), "hello\nACCESS 1 GET 200 hit 10 /a\nACCESS 2 GET 200 hot 10 /a\n");
        Path out = dir.resolve("out.txt");
        Run r = run("convert", "--access-log=" + log, "--out=" + out);
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).startsWith("cache-simulator: " + log + ":3: result must be one of").doesNotContain("Exception");
        assertThat(out).doesNotExist();
    }

    @Test
    void unreadableGzip_andUnwritableOutput_exitWith2_namingTheFile() throws IOException {
        Path notGzip = Files.writeString(dir.resolve("trace.txt.gz"), "1 /a 10\n");
        Run r = run("--trace=" + notGzip);
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("cache-simulator: cannot read " + notGzip + ": Not in GZIP format\n");

        Path log = Files.writeString(dir.resolve("node.log"), "ACCESS 1 GET 200 hit 10 /a\n");
        Path nowhere = dir.resolve("no/such/dir/out.txt");
        Run c = run("convert", "--access-log=" + log, "--out=" + nowhere);
        assertThat(c.status()).isEqualTo(2);
        assertThat(c.err()).startsWith("cache-simulator: cannot write " + nowhere + ": ");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "",                                          // no workload
            "--zipf=abc",
            "--zipf=-1",
            "--zipf=1.0 --objects=0",
            "--zipf=1.0 --requests=many",
            "--zipf=1.0 --sizes=normal:1:2",
            "--zipf=1.0 --cache-sizes=lots",
            "--zipf=1.0 --policies=lfu",
            "--zipf=1.0 --format=xml",
            "--zipf=1.0 --threads=0",
            "--zipf=1.0 --colour=blue",
            "--zipf=1.0 --zipf=2.0",
            "--zipf",
            "--zipf=1.0 --trace=x.txt",
            "--trace=/no/such/trace.txt",
            "--trace=/no/such/trace.txt --objects=5",
            "--access-log=/no/such/log",
            "frobnicate --zipf=1",
            "run extra --zipf=1",
            "convert --access-log=/no/such/log --out=/tmp/x",
            "convert --out=/tmp/x",
            "convert --access-log=x --out=y --zipf=1"})
    void badArguments_exitWith2_andAMessage(String args) {
        Run r = run(args.isEmpty() ? new String[0] : args.split(" "));
        assertThat(r.status()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("cache-simulator: ").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void help_printsUsage_listingTheRegisteredPolicies() {
        Run r = run("--help");
        assertThat(r.status()).isZero();
        assertThat(r.out()).startsWith("Usage: cache-simulator").contains("--zipf=", "--trace=", "--access-log=",
                "--cache-sizes=", "--format=table|csv", "convert --access-log=FILE --out=TRACE",
                "lognormal:MEDIAN:SIGMA", "0.5%,5%");
        EvictionPolicies.names().forEach(name -> assertThat(r.out()).contains(name));
        assertThat(run("-h").out()).isEqualTo(r.out());
    }
}
