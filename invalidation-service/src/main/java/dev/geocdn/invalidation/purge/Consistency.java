package dev.geocdn.invalidation.purge;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * When a purge is answered (the named type of STYLE rule 6, after EVCache's latch policies).
 * In both cases the purge is durable first: the answer comes only after Kafka acknowledged the
 * write to every in-sync replica.
 */
public enum Consistency {
    /**
     * Answered (202) as soon as the purge log has it. Nodes apply it within their consumer lag,
     * typically milliseconds; {@code GET /v1/purge/{id}} shows who has. Best effort in time,
     * never in durability.
     */
    EVENTUAL,
    /**
     * Answered (200) once every node that was live when the purge was accepted, and still is,
     * has acknowledged it; or 504 after the deadline, naming the nodes that have not.
     */
    STRONG;

    /** The name the API uses. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The consistency the API calls {@code name}; exact lower-case names only. */
    public static Optional<Consistency> byWireName(String name) {
        return Arrays.stream(values()).filter(c -> c.wireName().equals(name)).findFirst();
    }
}
