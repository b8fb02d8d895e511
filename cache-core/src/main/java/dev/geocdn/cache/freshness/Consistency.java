package dev.geocdn.cache.freshness;

import dev.geocdn.cache.store.StoredResponse;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How far a response served from this cache may lag behind the origin, chosen per path by
 * {@link ConsistencyRules}. The names follow the read guarantees of replicated stores [1]:
 *
 * <ul>
 *   <li>{@link Eventual}: HTTP freshness (RFC 9111 section 4.2) plus purges. A response may be
 *       served as long as the origin said it is fresh, or stale within stale-while-revalidate and
 *       stale-if-error (RFC 5861); a change at the origin is seen once the response expires or is
 *       purged. The default, and today's behaviour.</li>
 *   <li>{@link Bounded}: as eventual, but never from a stored response whose last validation
 *       with the origin is older than {@code maxStaleness}; past that it is revalidated
 *       (conditionally, so an unchanged response costs a 304) and no stale serving stretches the
 *       bound: stale-while-revalidate and stale-if-error apply only within it.</li>
 *   <li>{@link Strong}: every request is validated with the origin, whatever the response's
 *       freshness; the answer is one the origin confirmed or an error, never a stale copy. A
 *       cache may always validate before reuse: RFC 9111 section 4 permits reuse without
 *       validation, it never requires it.</li>
 * </ul>
 *
 * <p>What is best effort. "Last validation" is when this cache received the response or its last
 * 304 ({@link StoredResponse#responseTimeMillis()}), measured by this cache's clock; an Age the
 * origin reports is not counted, since the origin is the authority being validated against.
 * Validations are collapsed: a request that arrives while a validation of the same key is in
 * flight shares its answer, which the origin produced at most one round trip before that request
 * arrived. So a write the origin completes while a validation is in flight may not be seen by the
 * requests that joined it: strong here means validated per request, not linearizable.
 *
 * <p>References: [1] D. Terry, "Replicated Data Consistency Explained Through Baseball",
 * CACM 56(12), 2013.
 */
public sealed interface Consistency {

    /** HTTP freshness plus purges. */
    Consistency EVENTUAL = new Eventual();

    /** Validated with the origin on every request. */
    Consistency STRONG = new Strong();

    /** The modes by the names configuration uses: {@code eventual}, {@code bounded}, {@code strong}. */
    enum Mode {
        EVENTUAL, BOUNDED, STRONG;

        /** The name in configuration and in the {@code Cache-Status} detail. */
        public String token() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** This consistency's mode. */
    Mode mode();

    /**
     * Whether a request may be answered by {@code stored} at {@code nowMillis} without contacting
     * the origin as far as this consistency is concerned; HTTP freshness is judged separately.
     */
    boolean allowsReuse(StoredResponse stored, long nowMillis);

    /**
     * The consistency for a mode; {@code maxStaleness} is required (positive) for
     * {@link Mode#BOUNDED} and must be null for the others, so a misplaced bound is not silently ignored.
     *
     * @throws IllegalArgumentException when the bound does not fit the mode
     */
    static Consistency of(Mode mode, Duration maxStaleness) {
        Objects.requireNonNull(mode, "mode");
        return switch (mode) {
            case BOUNDED -> new Bounded(maxStaleness);
            case EVENTUAL, STRONG -> {
                if (maxStaleness != null) {
                    throw new IllegalArgumentException("max-staleness applies only to bounded, not to " + mode.token());
                }
                yield mode == Mode.EVENTUAL ? EVENTUAL : STRONG;
            }
        };
    }

    /** A bounded consistency of at most {@code maxStaleness} since the last validation. */
    static Consistency bounded(Duration maxStaleness) {
        return new Bounded(maxStaleness);
    }

    /** HTTP freshness plus purges; see {@link Consistency}. */
    record Eventual() implements Consistency {

        @Override
        public Mode mode() {
            return Mode.EVENTUAL;
        }

        @Override
        public boolean allowsReuse(StoredResponse stored, long nowMillis) {
            return true;
        }

        @Override
        public String toString() {
            return "eventual";
        }
    }

    /**
     * At most {@code maxStaleness} since the last validation with the origin; see {@link Consistency}.
     *
     * @param maxStaleness the longest time since the last validation, positive
     */
    record Bounded(Duration maxStaleness) implements Consistency {

        public Bounded {
            if (maxStaleness == null) {
                throw new IllegalArgumentException("bounded consistency needs a max-staleness");
            }
            if (maxStaleness.isNegative() || maxStaleness.isZero()) {
                throw new IllegalArgumentException("max-staleness must be positive: " + maxStaleness);
            }
        }

        @Override
        public Mode mode() {
            return Mode.BOUNDED;
        }

        /** Within the bound: no more than {@code maxStaleness} since the last validation (inclusive). */
        @Override
        public boolean allowsReuse(StoredResponse stored, long nowMillis) {
            return sinceValidationMillis(stored, nowMillis) <= maxStaleness.toMillis();
        }

        @Override
        public String toString() {
            return "bounded(" + maxStaleness + ")";
        }
    }

    /** Validated with the origin on every request; see {@link Consistency}. */
    record Strong() implements Consistency {

        @Override
        public Mode mode() {
            return Mode.STRONG;
        }

        @Override
        public boolean allowsReuse(StoredResponse stored, long nowMillis) {
            return false;
        }

        @Override
        public String toString() {
            return "strong";
        }
    }

    /** Time since {@code stored} was last validated with the origin; never negative. */
    static long sinceValidationMillis(StoredResponse stored, long nowMillis) {
        return Math.max(0, nowMillis - stored.responseTimeMillis());
    }
}
