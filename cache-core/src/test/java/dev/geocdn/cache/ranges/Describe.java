package dev.geocdn.cache.ranges;

import java.util.stream.Collectors;

/** Renders decisions compactly so tables can state expectations in one cell. */
final class Describe {

    private Describe() {
    }

    /** "200", "206 0-99,200-299" or "416 bytes *&#47;1000". */
    static String decision(RangeDecision decision) {
        return switch (decision) {
            case RangeDecision.Full full -> "200";
            case RangeDecision.Partial partial -> "206 " + partial.ranges().stream()
                    .map(r -> r.first() + "-" + r.last())
                    .collect(Collectors.joining(","));
            case RangeDecision.Unsatisfiable unsatisfiable -> "416 " + unsatisfiable.contentRange();
        };
    }
}
