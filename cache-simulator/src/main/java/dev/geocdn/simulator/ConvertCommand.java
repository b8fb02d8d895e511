package dev.geocdn.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code convert} command: a node's access log to a trace file, so that a workload can be
 * kept and replayed without the log. A failed conversion leaves no partial trace behind.
 */
final class ConvertCommand {

    private static final Set<String> OPTIONS = Set.of("access-log", "out");

    private ConvertCommand() {
    }

    /** Converts; the exit status. */
    static int run(Options options, PrintStream out) throws IOException {
        options.checkKnown(OPTIONS);
        if (!options.has("access-log") || !options.has("out")) {
            throw new UsageException("convert needs --access-log=FILE and --out=TRACE");
        }
        Path log = Options.existingFile(options.get("access-log"), "--access-log");
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
            return SimulatorMain.OK;
        } catch (IOException e) { // reading problems arrive as UncheckedIOException
            throw new IOException("cannot write " + target + ": " + SimulatorMain.describe(e), e);
        } finally {
            if (!done) {
                Files.deleteIfExists(target);
            }
        }
    }

}
