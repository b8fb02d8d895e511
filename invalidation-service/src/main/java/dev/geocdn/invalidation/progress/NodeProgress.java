package dev.geocdn.invalidation.progress;

/**
 * Where one node stands with one purge.
 *
 * @param state     applied, pending or down
 * @param required  whether the purge waits for it (live when the purge was accepted); an
 *                  acknowledgement from a node that was not, say one that came up since, is
 *                  shown but never waited for
 * @param appliedMs when applied: from acceptance to its acknowledgement, else null
 * @param removed   when applied: what it removed or marked stale, else null
 */
public record NodeProgress(State state, boolean required, Long appliedMs, Long removed) {

    /** A node's state for one purge. */
    public enum State {
        /** It acknowledged the purge. */
        APPLIED,
        /** It was live when the purge was accepted and still is, and has not acknowledged yet. */
        PENDING,
        /**
         * It was live when the purge was accepted but is not now: not waited for any more. When
         * it returns it replays the purge log from its committed offset.
         */
        DOWN
    }

    static NodeProgress applied(Applied ack, boolean required) {
        return new NodeProgress(State.APPLIED, required, ack.appliedMs(), ack.removed());
    }

    static NodeProgress pending() {
        return new NodeProgress(State.PENDING, true, null, null);
    }

    static NodeProgress down() {
        return new NodeProgress(State.DOWN, true, null, null);
    }
}
