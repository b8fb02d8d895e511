package dev.geocdn.simulator;

/** A bad command line or an unusable input; the simulator prints the message and exits with 2. */
public final class UsageException extends RuntimeException {

    public UsageException(String message) {
        super(message);
    }
}
