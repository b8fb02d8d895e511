package dev.geocdn.bench.world;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code --name=value} flags over defaults; an unknown flag ends the run with status 2 and the known ones. */
public final class BenchOptions {

    private BenchOptions() {
    }

    public static Map<String, String> parse(String[] args, Map<String, String> defaults) {
        Map<String, String> options = new LinkedHashMap<>(defaults);
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0 || !options.containsKey(arg.substring(2, eq))) {
                System.err.println("unknown argument " + arg + "; known: --" + String.join("=, --", options.keySet()) + "=");
                System.exit(2);
            }
            options.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        return options;
    }
}
