package dev.geocdn.node.config;

/** The JVM's direct memory limit cannot hold the off-heap body memory that max-bytes asks for. */
public final class InsufficientDirectMemoryException extends RuntimeException {

    private final long neededMegabytes;

    InsufficientDirectMemoryException(String message, long neededMegabytes) {
        super(message);
        this.neededMegabytes = neededMegabytes;
    }

    /** The -XX:MaxDirectMemorySize, in megabytes, that would do. */
    public long neededMegabytes() {
        return neededMegabytes;
    }
}
