package dev.geocdn.simulator;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Prints results as an aligned table (default) or CSV. */
abstract class Report {

    static Report of(String format, PrintStream out) {
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "table" -> new Table(out);
            case "csv" -> new Csv(out);
            default -> throw new UsageException("--format must be table or csv, got '" + format + "'");
        };
    }

    /** Prints the rows of one trace (rows in the order given). */
    abstract void trace(CompactTrace trace, List<Result> results);

    private static final class Table extends Report {
        private final PrintStream out;
        private boolean first = true;

        Table(PrintStream out) {
            this.out = out;
        }

        @Override
        void trace(CompactTrace trace, List<Result> results) {
            if (!first) {
                out.println();
            }
            first = false;
            long[] reusable = trace.reusable();
            out.println("# " + trace.description());
            out.printf(Locale.ROOT, "# %,d requests, %,d objects, catalogue %s, %s requested; "
                            + "infinite cache: hit ratio %.2f %%, byte hit ratio %.2f %%%n",
                    trace.length(), trace.objectCount(), ByteSizes.format(trace.catalogueBytes()),
                    ByteSizes.format(trace.totalBytes()),
                    percent(reusable[0], trace.length()), percent(reusable[1], trace.totalBytes()));
            String[] header = {"policy", "cache size", "hit ratio %", "byte hit ratio %"};
            String[][] rows = new String[results.size()][];
            int[] width = new int[header.length];
            for (int c = 0; c < header.length; c++) {
                width[c] = header[c].length();
            }
            for (int r = 0; r < rows.length; r++) {
                Result res = results.get(r);
                String size = res.cacheSize().endsWith("%")
                        ? res.cacheSize() + " (" + ByteSizes.format(res.cacheBytes()) + ")"
                        : ByteSizes.format(res.cacheBytes());
                rows[r] = new String[] {res.policy(), size,
                        String.format(Locale.ROOT, "%.2f", 100 * res.hitRatio()),
                        String.format(Locale.ROOT, "%.2f", 100 * res.byteHitRatio())};
                for (int c = 0; c < header.length; c++) {
                    width[c] = Math.max(width[c], rows[r][c].length());
                }
            }
            line(header, width);
            for (String[] row : rows) {
                line(row, width);
            }
            out.flush();
        }

        private void line(String[] cells, int[] width) {
            StringBuilder b = new StringBuilder();
            for (int c = 0; c < cells.length; c++) {
                if (c > 0) {
                    b.append("  ");
                }
                String pad = " ".repeat(width[c] - cells[c].length());
                b.append(c < 2 ? cells[c] + pad : pad + cells[c]); // text left, numbers right
            }
            out.println(b.toString().stripTrailing());
        }

        private static double percent(long part, long whole) {
            return whole == 0 ? 0 : 100.0 * part / whole;
        }
    }

    private static final class Csv extends Report {
        private final PrintStream out;
        private boolean first = true;

        Csv(PrintStream out) {
            this.out = out;
        }

        @Override
        void trace(CompactTrace trace, List<Result> results) {
            if (first) {
                out.println("trace,policy,cache_size,cache_bytes,requests,hits,hit_ratio,bytes,hit_bytes,byte_hit_ratio");
                first = false;
            }
            for (Result r : results) {
                out.printf(Locale.ROOT, "%s,%s,%s,%d,%d,%d,%.6f,%d,%d,%.6f%n", quote(trace.description()),
                        quote(r.policy()), quote(r.cacheSize()), r.cacheBytes(), r.requests(), r.hits(),
                        r.hitRatio(), r.bytes(), r.hitBytes(), r.byteHitRatio());
            }
            out.flush();
        }

        private static String quote(String s) {
            if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
                return s;
            }
            return '"' + s.replace("\"", "\"\"") + '"';
        }
    }
}
