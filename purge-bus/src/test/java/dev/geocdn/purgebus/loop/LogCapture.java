package dev.geocdn.purgebus.loop;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What is logged while it is open, by every logger, from any thread; with the loop's own logger
 * at DEBUG, so that the lines a run of failures leaves at DEBUG are seen too.
 */
final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger loop = (Logger) LoggerFactory.getLogger(ConsumerLoop.class);
    private final Level loopLevel = loop.getLevel();

    LogCapture() {
        setContext(root.getLoggerContext());
        start();
        root.addAppender(this);
        loop.setLevel(Level.DEBUG);
    }

    @Override
    protected void append(ILoggingEvent event) {
        events.add(event);
    }

    /** The events at {@code level} or above. */
    List<ILoggingEvent> atLeast(Level level) {
        return events.stream().filter(e -> e.getLevel().isGreaterOrEqual(level)).toList();
    }

    /** The loop's own events whose message, formatted, mentions {@code text}. */
    List<ILoggingEvent> fromLoop(String text) {
        return events.stream().filter(e -> e.getLoggerName().equals(ConsumerLoop.class.getName())
                && e.getFormattedMessage().contains(text)).toList();
    }

    @Override
    public void close() {
        loop.setLevel(loopLevel);
        root.detachAppender(this);
        stop();
    }
}
