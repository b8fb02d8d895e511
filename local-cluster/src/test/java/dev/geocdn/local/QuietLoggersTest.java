package dev.geocdn.local;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.logging.LogLevel;

import static org.assertj.core.api.Assertions.assertThat;

class QuietLoggersTest {

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Logger noisy = context.getLogger("dev.geocdn.local.test.noisy");
    private final Logger other = context.getLogger("dev.geocdn.local.test.other");
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void capture() {
        logged.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(logged);
    }

    @AfterEach
    void release() {
        context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(logged);
    }

    @Test
    void onlyThatLogger_isQuiet_andOnlyMeanwhile() {
        QuietLoggers.during(noisy.getName(), LogLevel.ERROR, () -> {
            noisy.warn("closed twice");
            noisy.error("a real failure");
            other.warn("another part's warning");
        });
        noisy.warn("after the stop");

        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("a real failure", "another part's warning", "after the stop");
    }

    @Test
    void theLevelItHadBefore_isRestored_evenWhenTheActionFails() {
        noisy.setLevel(ch.qos.logback.classic.Level.INFO);
        try {
            QuietLoggers.during(noisy.getName(), LogLevel.OFF, () -> {
                throw new IllegalStateException("stop failed");
            });
        } catch (IllegalStateException expected) {
            // the action's failure is the caller's
        }

        assertThat(noisy.getLevel()).isEqualTo(ch.qos.logback.classic.Level.INFO);
        noisy.setLevel(null);
    }
}
