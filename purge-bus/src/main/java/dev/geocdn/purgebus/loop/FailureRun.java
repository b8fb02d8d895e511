package dev.geocdn.purgebus.loop;

import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * A run of failures of one kind, logged once: the failure that starts the run at its own level
 * (WARN or ERROR), the ones that follow at DEBUG, until the run ends. An outage that lasts an
 * hour thus costs one line, not one per retry. Confined to the loop's thread.
 */
final class FailureRun {

    private final Logger log;
    private final Level first;
    private int count;

    FailureRun(Logger log, Level first) {
        this.log = log;
        this.first = first;
    }

    /** Counts and logs one failure (SLF4J format; a trailing throwable is logged with its stack); returns the run's length. */
    int failed(String message, Object... arguments) {
        count++;
        log.atLevel(count == 1 ? first : Level.DEBUG).log(message, arguments);
        return count;
    }

    /** Ends the run; returns how many failures it had. */
    int end() {
        int ended = count;
        count = 0;
        return ended;
    }
}
