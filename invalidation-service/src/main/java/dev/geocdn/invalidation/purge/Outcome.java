package dev.geocdn.invalidation.purge;

import dev.geocdn.invalidation.progress.Progress;
import dev.geocdn.invalidation.progress.TrackedPurge;

/** How a purge request ended, for the web layer to answer and the audit log to record. */
public sealed interface Outcome {

    /** The audit and metrics name of the outcome. */
    String name();

    /** Eventual: the purge log has it (202). */
    record Accepted(TrackedPurge purge) implements Outcome {
        @Override
        public String name() {
            return "accepted";
        }
    }

    /** Strong: every required live node acknowledged it (200). */
    record Applied(TrackedPurge purge, Progress progress) implements Outcome {
        @Override
        public String name() {
            return "applied";
        }
    }

    /** Strong: the deadline passed with nodes missing (504); the purge is on the log all the same. */
    record Incomplete(TrackedPurge purge, Progress progress) implements Outcome {
        @Override
        public String name() {
            return "incomplete";
        }
    }

    /** Nothing acknowledged: Kafka did not take the purge, or acknowledgements cannot be read yet (503). */
    record Unavailable(String message) implements Outcome {
        @Override
        public String name() {
            return "unavailable";
        }
    }

    /** Kafka refused the record as too large (413): the body limit is set above what the topic takes. */
    record TooLarge(String message) implements Outcome {
        @Override
        public String name() {
            return "refused";
        }
    }
}
