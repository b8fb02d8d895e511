package dev.geocdn.node.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a too-small direct memory limit into Spring Boot's short "APPLICATION FAILED TO START" report. */
public final class DirectMemoryFailureAnalyzer extends AbstractFailureAnalyzer<InsufficientDirectMemoryException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InsufficientDirectMemoryException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Start the JVM with -XX:MaxDirectMemorySize=" + cause.neededMegabytes() + "m, lower cdn.cache.max-bytes,"
                        + " or set cdn.cache.off-heap=false to keep bodies on the heap.", cause);
    }
}
