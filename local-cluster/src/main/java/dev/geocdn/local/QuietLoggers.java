package dev.geocdn.local;

import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggerConfiguration;
import org.springframework.boot.logging.LoggingSystem;

/**
 * Raises one logger's level for the length of one action and puts it back after, for the few
 * places where a library logs an orderly stop as a warning or an error and no order of
 * stopping avoids it. Only that logger, only meanwhile: everything else, and that logger
 * before and after, still reports real trouble.
 */
final class QuietLoggers {

    private QuietLoggers() {
    }

    /** Runs {@code action} with {@code logger} at {@code level}, then restores the level it had. */
    static void during(String logger, LogLevel level, Runnable action) {
        LoggingSystem logging = LoggingSystem.get(QuietLoggers.class.getClassLoader());
        LoggerConfiguration before = logging.getLoggerConfiguration(logger);
        logging.setLogLevel(logger, level);
        try {
            action.run();
        } finally {
            logging.setLogLevel(logger, before == null ? null : before.getConfiguredLevel());
        }
    }
}
